package io.suite.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One product's refresh attempt: when it was due, ran and ended, how it went and the breaker's state at the end. */
public record RefreshJob(UUID id, UUID productId, Attempt attempt, Outcome outcome, BigDecimal oldPrice, BigDecimal newPrice,
        Instant createdAt) {

    /** Which run and worker made the attempt, and when. */
    public record Attempt(UUID runId, String worker, Instant scheduledAt, Instant startedAt, Instant completedAt) {
    }

    /** How the attempt ended, with the breaker's state at its end. */
    public record Outcome(RefreshStatus status, int retryCount, String errorCode, String errorMessage,
            String circuitBreakerState) {
    }

    /** A new attempt, before the database gives it an id and a creation time. */
    public static RefreshJob of(UUID productId, Attempt attempt, Outcome outcome, BigDecimal oldPrice, BigDecimal newPrice) {
        return new RefreshJob(null, productId, attempt, outcome, oldPrice, newPrice, null);
    }
}
