package io.suite.catalog.job;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.service.RefreshService;
import io.suite.resilience.tracing.Traces;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rolling refresh, hourly by default ({@code catalog.refresh.every}; {@code off} disables it). Every replica runs
 * it; leases make sure each due product is refreshed by one of them only.
 */
@ApplicationScoped
public class RefreshWorker {

    private static final Logger LOG = Logger.getLogger(RefreshWorker.class);

    private final RefreshService refresh;
    private final Traces traces;

    public RefreshWorker(RefreshService refresh, Traces traces) {
        this.refresh = refresh;
        this.traces = traces;
    }

    @Scheduled(identity = "catalog-refresh", every = "${catalog.refresh.every}", delayed = "${catalog.refresh.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        // each run is a trace of its own, its batches and their GetItems calls beneath
        return traces.newTrace("catalog refresh run", null, () -> refresh.runOnce("schedule")).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("scheduled refresh run ended early: %s", e.getMessage());
                    return null;
                });
    }
}
