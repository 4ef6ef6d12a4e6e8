package io.suite.accounts.job;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.service.SessionRevocations;
import io.suite.resilience.correlation.CorrelationId;
import jakarta.enterprise.context.ApplicationScoped;

/** Brings sign-outs made on other replicas into this one's memory ({@code accounts.sessions.revocation-poll}). */
@ApplicationScoped
public class SessionRevocationJob {

    private static final Logger LOG = Logger.getLogger(SessionRevocationJob.class);

    private final SessionRevocations revocations;

    public SessionRevocationJob(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    @Scheduled(identity = "session-revocations", every = "${accounts.sessions.revocation-poll:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        CorrelationId.bind(CorrelationId.generate());
        return revocations.refresh().replaceWithVoid().onFailure().recoverWithItem(e -> {
            // the database is away: the revocations already known stay in force
            LOG.warnf("reading session revocations failed: %s", e.getClass().getSimpleName());
            return null;
        });
    }
}
