package io.suite.sandbox.limits;

/**
 * A classic token bucket: starts full with {@code capacity} tokens and refills continuously at
 * {@code capacity / windowMillis} tokens per millisecond. Not thread-safe on its own: {@link RateLimiter}
 * synchronises on the set of buckets of one credential.
 */
final class TokenBucket {

    private final LimitRule rule;
    private double tokens;
    private long lastMillis;

    TokenBucket(LimitRule rule, long nowMillis) {
        this.rule = rule;
        this.tokens = rule.count();
        this.lastMillis = nowMillis;
    }

    LimitRule rule() {
        return rule;
    }

    void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            double perMilli = (double) rule.count() / rule.window().toMillis();
            tokens = Math.min(rule.count(), tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
    }

    boolean hasToken() {
        // A small epsilon absorbs floating point error so that a client pacing itself with an equal
        // bucket is never refused for 1e-12 of a token.
        return tokens >= 1.0 - 1e-9;
    }

    void take() {
        tokens -= 1.0;
    }

    /** Milliseconds until one token is available. */
    long millisUntilToken() {
        if (hasToken()) {
            return 0;
        }
        double perMilli = (double) rule.count() / rule.window().toMillis();
        return (long) Math.ceil((1.0 - tokens) / perMilli);
    }

    double tokens() {
        return tokens;
    }
}
