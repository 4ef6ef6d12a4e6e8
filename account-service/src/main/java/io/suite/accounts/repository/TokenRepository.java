package io.suite.accounts.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.lease.LeaseTable;
import io.suite.resilience.lease.LeaseUpdate;
import io.suite.resilience.lease.Leases;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** SQL for oauth_tokens (tenant rows: always on a connection bound by {@link Tenancy}) and its refresh schedule. */
@ApplicationScoped
public class TokenRepository {

    /** Lease table of the proactive token refresh schedule (claimed by TokenRefreshJob). */
    public static final LeaseTable REFRESH_SCHEDULE = new LeaseTable("token_refresh_schedule", "token_id", "due_at");

    private static final String COLUMNS = "id, user_id, access_token_enc, refresh_token_enc, key_id, expires_at, needs_reauth,"
            + " revoked_at, refresh_failure_count, last_refresh_error, last_refreshed_at, proactive_refresh_enabled";

    private final Pool pool;
    private final Leases leases;

    public TokenRepository(Pool pool, Leases leases) {
        this.pool = pool;
        this.leases = leases;
    }

    public Uni<TokenRow> findForUser(SqlConnection conn) {
        return conn.query("select " + COLUMNS + " from oauth_tokens where provider = 'amazon'").execute()
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    public Uni<TokenRow> findById(SqlConnection conn, UUID id) {
        return conn.preparedQuery("select " + COLUMNS + " from oauth_tokens where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    /** Stores a new connection's tokens (replacing an earlier one) and schedules its proactive refresh. */
    public Uni<UUID> upsert(SqlConnection conn, UUID user, byte[] access, byte[] refresh, String keyId, Instant expiresAt,
            String scope, Instant refreshDue) {
        return conn
                .preparedQuery(
                        """
                                insert into oauth_tokens (user_id, provider, access_token_enc, refresh_token_enc, key_id, expires_at, scope)
                                values ($1, 'amazon', $2, $3, $4, $5, $6)
                                on conflict (user_id, provider) do update
                                   set access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc,
                                       key_id = excluded.key_id, expires_at = excluded.expires_at, scope = excluded.scope,
                                       needs_reauth = false, revoked_at = null, proactive_refresh_enabled = true, refresh_failure_count = 0, last_refresh_error = null,
                                       updated_at = now()
                                returning id""")
                .execute(Tuple.from(List.of(user, io.vertx.core.buffer.Buffer.buffer(access), io.vertx.core.buffer.Buffer.buffer(refresh),
                        keyId, utc(expiresAt),
                        scope == null ? "" : scope)))
                .chain(rows -> {
                    UUID id = rows.iterator().next().getUUID("id");
                    return schedule(conn, id, user, refreshDue).replaceWith(id);
                });
    }

    public Uni<Void> schedule(SqlConnection conn, UUID tokenId, UUID user, Instant due) {
        return conn.preparedQuery("""
                insert into token_refresh_schedule (token_id, user_id, due_at) values ($1, $2, $3)
                on conflict (token_id) do update set due_at = excluded.due_at""")
                .execute(Tuple.of(tokenId, user, due == null ? null : utc(due))).replaceWithVoid();
    }

    /**
     * Takes the refresh lease of one token if nobody holds it (an on-the-spot refresh); the version to write back with,
     * or null when another worker or replica is refreshing it right now.
     */
    public Uni<Long> tryLease(UUID tokenId, String owner, long leaseMillis) {
        return pool.preparedQuery("""
                update token_refresh_schedule set lease_owner = $2, lease_until = now() + $3 * interval '1 millisecond',
                       version = version + 1
                 where token_id = $1 and (lease_until is null or lease_until < now())
                returning version""").execute(Tuple.of(tokenId, owner, leaseMillis))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("version"));
    }

    /** Whose tokens these are (the schedule holds no secret, so it is readable without a tenant). */
    public Uni<Map<UUID, UUID>> owners(List<UUID> tokenIds) {
        return pool.preparedQuery("select token_id, user_id from token_refresh_schedule where token_id = any($1)")
                .execute(Tuple.of(tokenIds.toArray(new UUID[0])))
                .map(rows -> {
                    Map<UUID, UUID> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getUUID("token_id"), r.getUUID("user_id")));
                    return out;
                });
    }

    /** Ends a token's lease inside the caller's tenant transaction. False: the lease was lost; write nothing else. */
    public Uni<Boolean> completeLease(SqlConnection conn, UUID tokenId, long version, Instant nextDue) {
        return leases.complete(conn, REFRESH_SCHEDULE, tokenId, version,
                new LeaseUpdate().set("due_at", nextDue == null ? null : utc(nextDue)));
    }

    public Uni<Void> storeRefreshed(SqlConnection conn, UUID tokenId, byte[] access, byte[] refresh, String keyId,
            Instant expiresAt) {
        return conn.preparedQuery("""
                update oauth_tokens set access_token_enc = $2, refresh_token_enc = $3, key_id = $4, expires_at = $5,
                       refresh_failure_count = 0, last_refresh_error = null, last_refreshed_at = now(), updated_at = now()
                 where id = $1""")
                .execute(Tuple.of(tokenId, io.vertx.core.buffer.Buffer.buffer(access), io.vertx.core.buffer.Buffer.buffer(refresh), keyId,
                        utc(expiresAt)))
                .replaceWithVoid();
    }

    public Uni<Void> storeFailure(SqlConnection conn, UUID tokenId, String error, boolean needsReauth) {
        return conn.preparedQuery("""
                update oauth_tokens set refresh_failure_count = refresh_failure_count + 1, last_refresh_error = $2,
                       needs_reauth = needs_reauth or $3, updated_at = now()
                 where id = $1""").execute(Tuple.of(tokenId, error, needsReauth)).replaceWithVoid();
    }

    /** Disconnect: our copies of the tokens are destroyed, the connection is marked revoked and leaves the schedule. */
    public Uni<Integer> revoke(SqlConnection conn, UUID tokenId) {
        return conn.preparedQuery("""
                update oauth_tokens set access_token_enc = null, refresh_token_enc = null, revoked_at = now(),
                       proactive_refresh_enabled = false, updated_at = now()
                 where id = $1 and revoked_at is null""").execute(Tuple.of(tokenId))
                .call(() -> conn.preparedQuery("update token_refresh_schedule set due_at = null where token_id = $1")
                        .execute(Tuple.of(tokenId)))
                .map(rows -> rows.rowCount());
    }

    static TokenRow map(Row r) {
        return new TokenRow(r.getUUID("id"), r.getUUID("user_id"), bytes(r, "access_token_enc"), bytes(r, "refresh_token_enc"),
                r.getString("key_id"), instant(r, "expires_at"), r.getBoolean("needs_reauth"), instant(r, "revoked_at"),
                r.getInteger("refresh_failure_count"), r.getString("last_refresh_error"), instant(r, "last_refreshed_at"),
                r.getBoolean("proactive_refresh_enabled"));
    }

    private static byte[] bytes(Row r, String column) {
        Buffer b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static List<UUID> ids(Iterable<Row> rows, String column) {
        List<UUID> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.getUUID(column)));
        return out;
    }
}
