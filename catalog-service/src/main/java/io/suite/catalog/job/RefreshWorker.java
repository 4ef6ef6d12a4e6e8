package io.suite.catalog.job;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.service.RefreshService;
import io.suite.resilience.correlation.CorrelationId;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rolling refresh, hourly by default ({@code catalog.refresh.every}; {@code off} disables it). Every replica runs
 * it; leases make sure each due product is refreshed by one of them only.
 */
@ApplicationScoped
public class RefreshWorker {

    private static final Logger LOG = Logger.getLogger(RefreshWorker.class);

    private final RefreshService refresh;

    public RefreshWorker(RefreshService refresh) {
        this.refresh = refresh;
    }

    @Scheduled(identity = "catalog-refresh", every = "${catalog.refresh.every}", delayed = "${catalog.refresh.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        CorrelationId.bind(CorrelationId.generate());
        return refresh.runOnce("schedule").replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("scheduled refresh run ended early: %s", e.getMessage());
                    return null;
                });
    }
}
