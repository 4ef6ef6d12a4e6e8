package io.suite.accounts.job;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.repository.AccountRepository;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.service.SyncService;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.lease.Lease;
import io.suite.resilience.lease.Leases;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Follow-up syncs: PENDING / PARTIALLY_CREATED accounts re-polled after {@code accounts.sync.pending-repoll}, failed
 * ones retried with a growing delay, the rest on {@code accounts.sync.interval}. Users are claimed with leases from
 * account_sync_schedule (due = their accounts' earliest next_sync_at), so each is synced by one replica at a time.
 */
@ApplicationScoped
public class AccountSyncJob {

    private static final Logger LOG = Logger.getLogger(AccountSyncJob.class);
    /** Above this many due accounts one full list sync is cheaper than one GET per account. */
    private static final int FULL_SYNC_ABOVE = 50;

    private final Leases leases;
    private final Tenancy tenancy;
    private final AccountRepository accounts;
    private final SyncRepository runs;
    private final SyncService sync;
    private final AccountsConfig config;
    private final Clock clock;
    private final String owner = "accounts-sync-" + UUID.randomUUID();

    public AccountSyncJob(Leases leases, Tenancy tenancy, AccountRepository accounts, SyncRepository runs, SyncService sync,
            AccountsConfig config, Clock clock) {
        this.leases = leases;
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.runs = runs;
        this.sync = sync;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "account-sync", every = "${accounts.sync.every:10s}", delayed = "${accounts.sync.initial-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        CorrelationId.bind(CorrelationId.generate());
        return runOnce().replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("account sync round failed: %s", e.getClass().getSimpleName());
            return null;
        });
    }

    /** One round; returns the users synced. */
    public Uni<List<UUID>> runOnce() {
        return leases.claim(SyncRepository.SCHEDULE, owner, config.sync().batch(), config.refresh().lease())
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(this::syncUser).merge(2)
                        .collect().asList());
    }

    private Uni<UUID> syncUser(Lease lease) {
        UUID user = (UUID) lease.id();
        // what to sync: nothing, every account (an empty list: a pending first sync, or many due accounts), or the due ones
        return tenancy.asUser(user, c -> runs.fullSyncPending(c, user).chain(pending -> pending
                ? Uni.createFrom().item(Optional.of(List.<UUID> of()))
                : accounts.due(c, clock.instant()).map(due -> due.isEmpty() ? Optional.<List<UUID>> empty()
                        : Optional.of(due.size() > FULL_SYNC_ABOVE ? List.<UUID> of() : due.stream().map(Account::id).toList()))))
                // a full run joins the user's full run already going, e.g. the one the connect started
                .chain(work -> work.isEmpty() ? Uni.createFrom().voidItem()
                        : sync.runNow(user, work.get(), "scheduled").replaceWithVoid())
                .onFailure(ReauthorizationRequiredException.class).recoverWithUni(e -> {
                    // expected: the user must reconnect, which asks for the full sync again
                    LOG.infof("scheduled sync user=%s skipped: the Amazon connection needs re-authorisation", user);
                    return tenancy.asUser(user, c -> runs.fullSyncDone(c, user));
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("scheduled sync user=%s failed: %s", user, e.getClass().getSimpleName());
                    return null;
                })
                .chain(() -> tenancy.asUser(user, c -> runs.completeLease(c, user, lease.version())))
                .replaceWith(user);
    }
}
