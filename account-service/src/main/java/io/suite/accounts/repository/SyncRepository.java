package io.suite.accounts.repository;

import static io.suite.accounts.repository.TokenRepository.instant;

import java.time.Instant;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.job.AccountSyncJob;
import io.suite.resilience.lease.Leases;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** account_sync_history (tenant rows) and account_sync_schedule (the per-user lease table of the sync job). */
@ApplicationScoped
public class SyncRepository {

    private final Leases leases;

    public SyncRepository(Leases leases) {
        this.leases = leases;
    }

    public record Run(UUID id, UUID userAccountId, String type, String status, Instant startedAt, Instant completedAt,
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

    public Uni<Void> finish(SqlConnection conn, UUID run, String status, Integer total, int synced, int failed, int profiles,
            JsonObject errors) {
        return conn.preparedQuery("""
                update account_sync_history set sync_status = $2, completed_at = greatest(now(), started_at),
                       accounts_total = coalesce($3, accounts_total), accounts_synced = $4, accounts_failed = $5,
                       profiles_synced = $6, error_details = $7
                 where id = $1""").execute(Tuple.from(java.util.Arrays.asList(run, status, total, synced, failed, profiles,
                errors == null || errors.isEmpty() ? null : errors))).replaceWithVoid();
    }

    public Uni<Run> find(SqlConnection conn, UUID run) {
        return conn.preparedQuery("select * from account_sync_history where id = $1").execute(Tuple.of(run))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    public Uni<Run> latest(SqlConnection conn) {
        return conn.query("select * from account_sync_history order by started_at desc limit 1").execute()
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /** When the sync job should next look at this user: the earliest next_sync_at of their connected accounts. */
    public Uni<Void> reschedule(SqlConnection conn, UUID user) {
        return conn.preparedQuery("""
                insert into account_sync_schedule (user_id, due_at)
                select $1, (select min(next_sync_at) from user_accounts where disconnected_at is null)
                on conflict (user_id) do update set due_at = excluded.due_at""").execute(Tuple.of(user)).replaceWithVoid();
    }

    public Uni<Boolean> completeLease(SqlConnection conn, UUID user, long version) {
        return leases.complete(conn, AccountSyncJob.TABLE, user, version,
                "due_at = (select min(next_sync_at) from user_accounts where disconnected_at is null)");
    }

    static Run map(Row r) {
        Object errors = r.getValue("error_details");
        return new Run(r.getUUID("id"), r.getUUID("user_account_id"), r.getString("sync_type"), r.getString("sync_status"),
                instant(r, "started_at"), instant(r, "completed_at"), r.getInteger("accounts_total"),
                r.getInteger("accounts_synced"), r.getInteger("accounts_failed"), r.getInteger("profiles_synced"),
                errors instanceof JsonObject o ? o : null);
    }
}
