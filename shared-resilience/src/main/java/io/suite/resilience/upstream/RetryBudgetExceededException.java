package io.suite.resilience.upstream;

import java.time.Duration;

/** The upstream asked us to wait longer than the retry budget has left: give up now instead of waiting it out. */
public final class RetryBudgetExceededException extends UpstreamRateLimitedException {

    public RetryBudgetExceededException(UpstreamRateLimitedException cause, Duration remaining) {
        super(cause.upstream(), cause.status(), cause.code().orElse(null),
                "Retry-After " + cause.retryAfter().map(Duration::toMillis).orElse(0L) + " ms exceeds the remaining retry budget of "
                        + Math.max(0, remaining.toMillis()) + " ms",
                cause.retryAfter().orElse(null), cause);
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
