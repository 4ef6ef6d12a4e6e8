package io.suite.accounts.repository;

import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The only way tenant data is read or written: one transaction on one connection whose first statement is
 * {@code set_config('app.user_id', <user>, true)} (transaction-local, so it never leaks to the pooled connection's next
 * user). Row Level Security then limits every statement to that user's rows, WHERE clause or not. Every statement of
 * the work must run on the connection it is given, never on the pool (another connection would see no rows).
 */
@ApplicationScoped
public class Tenancy {

    private final Pool pool;

    public Tenancy(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> asUser(UUID user, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery("select set_config('app.user_id', $1, true)")
                .execute(Tuple.of(user.toString()))
                .chain(() -> work.apply(conn)));
    }

    /**
     * As {@link #asUser}, holding the user's write lock (a transaction-scoped advisory lock) from the first statement on.
     * Every transaction that writes several of one user's account rows takes it, so two of them (overlapping sync runs,
     * a batch disconnect) run one after the other instead of locking rows in different orders and deadlocking.
     */
    public <T> Uni<T> asUserExclusive(UUID user, Function<SqlConnection, Uni<T>> work) {
        return asUser(user, conn -> lockUser(conn, user).chain(() -> work.apply(conn)));
    }

    /** As {@link #asKnownUser}, holding the user's write lock (see {@link #asUserExclusive}). */
    public <T> Uni<T> asKnownUserExclusive(UUID user, Function<SqlConnection, Uni<T>> work) {
        return asKnownUser(user, conn -> lockUser(conn, user).chain(() -> work.apply(conn)));
    }

    private static Uni<Void> lockUser(SqlConnection conn, UUID user) {
        return conn.preparedQuery("select pg_advisory_xact_lock($1, $2)").execute(Tuple.of(USER_LOCK_SPACE, user.hashCode()))
                .replaceWithVoid();
    }

    /** The first key of the two-key advisory locks of users' writes ('ACCT'); the second is the user id's hash. */
    static final int USER_LOCK_SPACE = 0x41434354;

    /** As {@link #asUser}, creating the tenant row on the user's first request. */
    public <T> Uni<T> asKnownUser(UUID user, Function<SqlConnection, Uni<T>> work) {
        return asUser(user, conn -> conn.preparedQuery("insert into users (id) values ($1) on conflict (id) do nothing")
                .execute(Tuple.of(user)).chain(() -> work.apply(conn)));
    }
}
