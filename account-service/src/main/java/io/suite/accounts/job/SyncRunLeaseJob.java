package io.suite.accounts.job;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.service.SyncService;
import io.suite.resilience.correlation.CorrelationId;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps this instance's sync runs leased and ends the runs nobody keeps: every {@code accounts.sync.lease-check-every}
 * it renews the leases of the runs going here, then finishes as failed any run whose lease ran out (its instance was
 * killed, or stopped renewing it). A run never stays {@code started} for longer than its lease after its instance is gone.
 */
@ApplicationScoped
public class SyncRunLeaseJob {

    private static final Logger LOG = Logger.getLogger(SyncRunLeaseJob.class);

    private final SyncService sync;

    public SyncRunLeaseJob(SyncService sync) {
        this.sync = sync;
    }

    @Scheduled(identity = "sync-run-leases", every = "${accounts.sync.lease-check-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        CorrelationId.bind(CorrelationId.generate());
        return checkOnce().replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("sync run lease check failed: %s", e.getClass().getSimpleName());
            return null;
        });
    }

    /** One round: renew ours, then finish the abandoned ones; the number finished here. */
    public Uni<Integer> checkOnce() {
        return sync.renewLeases().chain(sync::finishAbandonedRuns);
    }
}
