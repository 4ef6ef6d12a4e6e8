package io.suite.accounts.repository;

import static io.suite.accounts.repository.TokenRepository.instant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.SyncRunStatus;
import io.suite.resilience.lease.LeaseTable;
import io.suite.resilience.lease.LeaseUpdate;
import io.suite.resilience.lease.Leases;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** account_sync_history (tenant rows) and account_sync_schedule (the per-user lease table of the sync job). */
@ApplicationScoped
public class SyncRepository {

    /** Lease table of the per-user sync schedule (claimed by AccountSyncJob). */
    public static final LeaseTable SCHEDULE = new LeaseTable("account_sync_schedule", "user_id", "due_at");

    /** Their connected accounts' earliest next sync: when the job should look at a user with no full sync pending. */
    private static final String EARLIEST_NEXT_SYNC = "(select min(next_sync_at) from user_accounts where disconnected_at is null)";

    private final Leases leases;
    private final Pool pool;
    /** How soon the job looks again at a user whose first full sync is pending (started elsewhere, or failed). */
    private final long pendingRecheckMillis;

    public SyncRepository(Leases leases, Pool pool, AccountsConfig config) {
        this.leases = leases;
        this.pool = pool;
        this.pendingRecheckMillis = config.sync().firstSyncRecheck().toMillis();
    }

    public record Run(UUID id, UUID userAccountId, String type, SyncRunStatus status, Instant startedAt, Instant completedAt,
            Integer total, int synced, int failed, int profiles, JsonObject errors) {
    }

    public Uni<UUID> start(SqlConnection conn, UUID user, UUID userAccountId, String type, Integer total) {
        return conn.preparedQuery("""
                insert into account_sync_history (user_id, user_account_id, sync_type, sync_status, accounts_total)
                values ($1, $2, $3, 'started', $4) returning id""")
                .execute(Tuple.of(user, userAccountId, type, total)).map(r -> r.iterator().next().getUUID("id"));
    }

    public Uni<Void> progress(SqlConnection conn, UUID run, Integer total, int synced, int failed, int profiles) {
        return conn.preparedQuery("""
                update account_sync_history set accounts_total = coalesce($2, accounts_total), accounts_synced = $3,
                       accounts_failed = $4, profiles_synced = $5 where id = $1 and sync_status = 'started'""")
                .execute(Tuple.of(run, total, synced, failed, profiles)).replaceWithVoid();
    }

    /**
     * Ends a run that is still started (a run already finished, e.g. by a lease check, stays as it is) and its lease. The
     * lease row is locked first, as {@link #finishAbandoned} locks it, so the two never wait for each other in a cycle.
     */
    public Uni<Void> finish(SqlConnection conn, UUID run, SyncRunStatus status, Integer total, int synced, int failed, int profiles,
            JsonObject errors) {
        return conn.preparedQuery("delete from sync_run_leases where run_id = $1").execute(Tuple.of(run))
                .chain(() -> conn.preparedQuery("""
                        update account_sync_history set sync_status = $2, completed_at = greatest(now(), started_at),
                               accounts_total = coalesce($3, accounts_total), accounts_synced = $4, accounts_failed = $5,
                               profiles_synced = $6, error_details = $7
                         where id = $1 and sync_status = 'started'""").execute(Tuple.from(Arrays.asList(run, status.wire(), total, synced,
                        failed, profiles, errors == null || errors.isEmpty() ? null : errors))))
                .replaceWithVoid();
    }

    // --- run leases (sync_run_leases: ids and times, no RLS)

    /** The user's full sync running now on any replica (its lease is live), or null. */
    public Uni<UUID> liveFullRun(SqlConnection conn, UUID user) {
        return conn.preparedQuery("""
                select run_id from sync_run_leases where user_id = $1 and full_sync and lease_until > now()
                 order by started_at limit 1""").execute(Tuple.of(user))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("run_id"));
    }

    /** Runs of the user going on now, on every replica. */
    public Uni<Integer> liveRuns(SqlConnection conn, UUID user) {
        return conn.preparedQuery("select count(*) as n from sync_run_leases where user_id = $1 and lease_until > now()")
                .execute(Tuple.of(user)).map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    public Uni<Void> lease(SqlConnection conn, UUID run, UUID user, boolean fullSync, String owner, Duration leaseFor) {
        return conn.preparedQuery("""
                insert into sync_run_leases (run_id, user_id, full_sync, lease_owner, lease_until)
                values ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')""")
                .execute(Tuple.of(run, user, fullSync, owner, leaseFor.toMillis())).replaceWithVoid();
    }

    /** Extends the leases of this instance's runs; the number still held. */
    public Uni<Integer> renew(List<UUID> runs, String owner, Duration leaseFor) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("""
                update sync_run_leases set lease_until = now() + $3 * interval '1 millisecond'
                 where run_id = any($1) and lease_owner = $2""")
                .execute(Tuple.of(runs.toArray(new UUID[0]), owner, leaseFor.toMillis())).map(r -> r.rowCount());
    }

    /** A run whose lease ran out (its instance died or stopped renewing), and whose it is. */
    public record Abandoned(UUID run, UUID user, String owner) {
    }

    public Uni<List<Abandoned>> abandoned(int limit) {
        return pool.preparedQuery("""
                select run_id, user_id, lease_owner from sync_run_leases where lease_until < now() order by lease_until limit $1""")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Abandoned> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Abandoned(r.getUUID("run_id"), r.getUUID("user_id"), r.getString("lease_owner"))));
                    return out;
                });
    }

    /**
     * Finishes an abandoned run as failed, in the user's transaction: only if its lease is still expired (the first of
     * two replicas to get here does it). True when this call finished it.
     */
    public Uni<Boolean> finishAbandoned(SqlConnection conn, UUID run, String reason) {
        return conn.preparedQuery("delete from sync_run_leases where run_id = $1 and lease_until < now()").execute(Tuple.of(run))
                .chain(deleted -> deleted.rowCount() == 0 ? Uni.createFrom().item(false)
                        : conn.preparedQuery("""
                                update account_sync_history set sync_status = 'failed', completed_at = greatest(now(), started_at),
                                       error_details = $2
                                 where id = $1 and sync_status = 'started'""")
                                .execute(Tuple.of(run, new JsonObject().put("run", reason))).map(r -> r.rowCount() == 1));
    }

    public Uni<Run> find(SqlConnection conn, UUID run) {
        return conn.preparedQuery("select * from account_sync_history where id = $1").execute(Tuple.of(run))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    public Uni<Run> latest(SqlConnection conn) {
        return conn.query("select * from account_sync_history order by started_at desc limit 1").execute()
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /**
     * When the sync job should next look at this user: the earliest next_sync_at of their connected accounts, and within
     * {@code accounts.sync.first-sync-recheck} while their full sync is pending.
     */
    public Uni<Void> reschedule(SqlConnection conn, UUID user) {
        return conn.preparedQuery("insert into account_sync_schedule (user_id, due_at) select $1, " + EARLIEST_NEXT_SYNC
                + " on conflict (user_id) do update set due_at = " + dueAt("account_sync_schedule.full_sync_pending", "excluded.due_at"))
                .execute(Tuple.of(user)).replaceWithVoid();
    }

    public Uni<Boolean> completeLease(SqlConnection conn, UUID user, long version) {
        return leases.complete(conn, SCHEDULE, user, version, new LeaseUpdate()
                .setExpression("due_at", dueAt("full_sync_pending", EARLIEST_NEXT_SYNC)));
    }

    private String dueAt(String pending, String earliest) {
        return "case when " + pending + " then least(" + earliest + ", now() + interval '" + pendingRecheckMillis
                + " milliseconds') else " + earliest + " end";
    }

    /**
     * A new connection asks for a full sync of the user's accounts, in the transaction that stores it: the job claims the
     * user within {@code accounts.sync.first-sync-recheck} until a full run has listed their accounts, so the first sync
     * happens even if the instance that started it dies.
     */
    public Uni<Void> requestFullSync(SqlConnection conn, UUID user) {
        return conn.preparedQuery("""
                insert into account_sync_schedule (user_id, due_at, full_sync_pending)
                values ($1, now() + $2 * interval '1 millisecond', true)
                on conflict (user_id) do update set due_at = excluded.due_at, full_sync_pending = true""")
                .execute(Tuple.of(user, pendingRecheckMillis)).replaceWithVoid();
    }

    /** Whether the user's full sync is still pending (asked for by a connection, no full run has listed the accounts). */
    public Uni<Boolean> fullSyncPending(SqlConnection conn, UUID user) {
        return conn.preparedQuery("select full_sync_pending from account_sync_schedule where user_id = $1").execute(Tuple.of(user))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("full_sync_pending"));
    }

    /** A full run listed the accounts, or the connection needs re-authorisation (a reconnect asks again). */
    public Uni<Void> fullSyncDone(SqlConnection conn, UUID user) {
        return conn.preparedQuery("update account_sync_schedule set full_sync_pending = false where user_id = $1 and full_sync_pending")
                .execute(Tuple.of(user)).replaceWithVoid();
    }

    static Run map(Row r) {
        Object errors = r.getValue("error_details");
        return new Run(r.getUUID("id"), r.getUUID("user_account_id"), r.getString("sync_type"),
                SyncRunStatus.ofWire(r.getString("sync_status")),
                instant(r, "started_at"), instant(r, "completed_at"), r.getInteger("accounts_total"),
                r.getInteger("accounts_synced"), r.getInteger("accounts_failed"), r.getInteger("profiles_synced"),
                errors instanceof JsonObject o ? o : null);
    }
}
