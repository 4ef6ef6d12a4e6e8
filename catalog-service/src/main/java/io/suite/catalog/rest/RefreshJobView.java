package io.suite.catalog.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.catalog.domain.RefreshJob;
import io.suite.catalog.domain.RefreshStatus;

/**
 * A refresh job as the public API shows it: without the worker (the instance's PID@hostname) and the breaker state,
 * which tell an outsider about our hosts and upstream health (they stay in the database and on the management port).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RefreshJobView(UUID id, UUID productId, UUID runId, Instant scheduledAt, Instant startedAt, Instant completedAt,
        RefreshStatus status, int retryCount, String errorCode, String errorMessage, BigDecimal oldPrice, BigDecimal newPrice,
        Instant createdAt) {

    static RefreshJobView of(RefreshJob j) {
        RefreshJob.Attempt a = j.attempt();
        RefreshJob.Outcome o = j.outcome();
        return new RefreshJobView(j.id(), j.productId(), a.runId(), a.scheduledAt(), a.startedAt(), a.completedAt(), o.status(),
                o.retryCount(), o.errorCode(), o.errorMessage(), j.oldPrice(), j.newPrice(), j.createdAt());
    }

    static List<RefreshJobView> of(List<RefreshJob> jobs) {
        return jobs.stream().map(RefreshJobView::of).toList();
    }
}
