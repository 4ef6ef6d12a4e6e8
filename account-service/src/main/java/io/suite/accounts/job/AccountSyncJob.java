package io.suite.accounts.job;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Account;
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
        return tenancy.asUser(user, c -> accounts.due(c, clock.instant()))
                .chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<UUID> ids = due.size() > FULL_SYNC_ABOVE ? List.of() : due.stream().map(Account::id).toList();
                    return sync.runNow(user, ids, "scheduled").replaceWithVoid();
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("scheduled sync user=%s failed: %s", user, e.getClass().getSimpleName());
                    return null;
                })
                .chain(() -> tenancy.asUser(user, c -> runs.completeLease(c, user, lease.version())))
                .replaceWith(user);
    }
}
