package io.suite.resilience.retry;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;

/**
 * SmallRye Fault Tolerance backoff: delay = max(Retry-After, full-jitter exponential backoff).
 * One instance serves one guarded invocation (SmallRye creates it per call), so the retry counter is plain state.
 */
public final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final BackoffPolicy policy;
    private final LongUnaryOperator jitter;
    private int retries;

    public RetryAfterBackoff(BackoffPolicy policy) {
        this(policy, ceiling -> ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** @param jitter picks the delay in [0, ceiling]; tests pass a fixed one */
    public RetryAfterBackoff(BackoffPolicy policy, LongUnaryOperator jitter) {
        this.policy = policy;
        this.jitter = jitter;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        retries++;
        long backoff = jitter.applyAsLong(policy.ceilingMillis(retries));
        return Math.max(backoff, retryAfterMillis(cause));
    }

    static long retryAfterMillis(Throwable cause) {
        if (cause instanceof UpstreamRateLimitedException limited) {
            return limited.retryAfter().map(d -> d.toMillis()).orElse(0L);
        }
        if (cause instanceof UpstreamUnavailableException unavailable) {
            return unavailable.retryAfter().map(d -> d.toMillis()).orElse(0L);
        }
        return 0L;
    }
}
