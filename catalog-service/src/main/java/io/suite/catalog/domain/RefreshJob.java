package io.suite.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One product's refresh attempt: when it was due, ran and ended, how it went and the breaker's state at the end. */
public record RefreshJob(
        UUID id,
        UUID productId,
        UUID runId,
        String worker,
        Instant scheduledAt,
        Instant startedAt,
        Instant completedAt,
        String status,
        int retryCount,
        String errorCode,
        String errorMessage,
        String circuitBreakerState,
        BigDecimal oldPrice,
        BigDecimal newPrice,
        Instant createdAt) {
}
