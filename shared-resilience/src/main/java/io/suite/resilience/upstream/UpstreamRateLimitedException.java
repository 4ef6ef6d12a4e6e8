package io.suite.resilience.upstream;

import java.time.Duration;

/**
 * HTTP 429, or our own rate budget refusing to wait longer. Transient; never counts as a breaker failure,
 * but sets the shared cooldown so every replica backs off.
 */
public sealed class UpstreamRateLimitedException extends UpstreamException
        permits RetryBudgetExceededException, BudgetWaitExceededException, SubjectQuotaExceededException {

    public UpstreamRateLimitedException(String upstream, int status, String code, String message, Duration retryAfter) {
        this(upstream, status, code, message, retryAfter, null);
    }

    protected UpstreamRateLimitedException(String upstream, int status, String code, String message, Duration retryAfter,
            Throwable cause) {
        super(upstream, status, code, message, retryAfter, cause);
    }

    /** True when the limit is our own (local budget or retry budget), not a 429 the upstream sent. */
    public boolean isLocal() {
        return false;
    }

    @Override
    public boolean isTransient() {
        return true;
    }
}
