package io.suite.accounts.repository;

import static io.suite.accounts.repository.TokenRepository.instant;
import static io.suite.accounts.repository.TokenRepository.utc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** oauth_connect_flows (tenant rows: always on a connection bound by {@link Tenancy}). */
@ApplicationScoped
public class ConnectFlowRepository {

    /** A flow as stored; {@code browserHash} is the SHA-256 of the starting browser's cookie value. */
    public record Flow(UUID id, UUID userId, byte[] browserHash, byte[] codeVerifierEnc, String keyId, boolean reconnect,
            Instant expiresAt, Instant consumedAt) {

        @Override
        public String toString() {
            return "Flow[id=" + id + ", userId=" + userId + ", reconnect=" + reconnect + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** Records a new flow and forgets the user's flows that have expired. */
    public Uni<Void> insert(SqlConnection conn, UUID id, UUID user, byte[] browserHash, byte[] codeVerifierEnc, String keyId,
            boolean reconnect, Instant expiresAt) {
        return conn.preparedQuery("delete from oauth_connect_flows where expires_at < now()").execute()
                .chain(() -> conn.preparedQuery("""
                        insert into oauth_connect_flows (id, user_id, browser_hash, code_verifier_enc, key_id, reconnect, expires_at)
                        values ($1, $2, $3, $4, $5, $6, $7)""")
                        .execute(Tuple.from(List.of(id, user, Buffer.buffer(browserHash).getDelegate(),
                                Buffer.buffer(codeVerifierEnc).getDelegate(), keyId, reconnect, utc(expiresAt)))))
                .replaceWithVoid();
    }

    /** The flow, locked until the end of the caller's transaction (so two callbacks cannot both consume it). */
    public Uni<Flow> lock(SqlConnection conn, UUID id) {
        return conn.preparedQuery("select * from oauth_connect_flows where id = $1 for update").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
    }

    public Uni<Void> consume(SqlConnection conn, UUID id) {
        return conn.preparedQuery("update oauth_connect_flows set consumed_at = now() where id = $1 and consumed_at is null")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    static Flow map(Row r) {
        return new Flow(r.getUUID("id"), r.getUUID("user_id"), bytes(r.getBuffer("browser_hash")),
                bytes(r.getBuffer("code_verifier_enc")), r.getString("key_id"), r.getBoolean("reconnect"), instant(r, "expires_at"),
                instant(r, "consumed_at"));
    }

    private static byte[] bytes(Buffer b) {
        return b == null ? null : b.getBytes();
    }
}
