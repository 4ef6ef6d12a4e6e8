package io.suite.resilience.retry;

import java.time.Duration;

/**
 * Exponential backoff with full jitter, bounded by a cap, for a number of attempts (the first call included).
 * Seeds: Ads API base 1 s, cap 60 s, 5 attempts; product data 1 s, 2 s, 4 s.
 */
public record BackoffPolicy(Duration base, Duration cap, int maxAttempts, Duration maxDuration) {

    public BackoffPolicy {
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= cap, got base " + base + ", cap " + cap);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** The ceiling of the jittered delay before retry number {@code retry} (1 for the first retry). */
    public long ceilingMillis(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long base = this.base.toMillis();
        long exp = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        return Math.min(exp, cap.toMillis());
    }
}
