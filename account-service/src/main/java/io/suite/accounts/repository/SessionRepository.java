package io.suite.accounts.repository;

import static io.suite.accounts.repository.TokenRepository.instant;
import static io.suite.accounts.repository.TokenRepository.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** revoked_sessions: hashes of signed-out session tokens until their expiry (no tenant content, read by every replica). */
@ApplicationScoped
public class SessionRepository {

    /** A revoked token's hash, when it would have expired, and when it was revoked (the database's clock). */
    public record Revoked(byte[] tokenHash, Instant expiresAt, Instant revokedAt) {
    }

    private final Pool pool;

    public SessionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(byte[] tokenHash, Instant expiresAt) {
        return pool.preparedQuery("insert into revoked_sessions (token_hash, expires_at) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(Buffer.buffer(tokenHash).getDelegate(), utc(expiresAt))).replaceWithVoid();
    }

    /** Revocations not yet expired and recorded at or after {@code since} (all of them when null). */
    public Uni<List<Revoked>> since(Instant since) {
        return pool.preparedQuery("select token_hash, expires_at, revoked_at from revoked_sessions"
                + " where expires_at > now() and revoked_at >= coalesce($1, '-infinity'::timestamptz)")
                .execute(Tuple.of(utc(since))).map(rows -> {
                    List<Revoked> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Revoked(r.getBuffer("token_hash").getBytes(), instant(r, "expires_at"),
                            instant(r, "revoked_at"))));
                    return out;
                });
    }

    /** Forgets revocations of tokens that have expired on their own. */
    public Uni<Integer> deleteExpired() {
        return pool.query("delete from revoked_sessions where expires_at < now()").execute().map(r -> r.rowCount());
    }
}
