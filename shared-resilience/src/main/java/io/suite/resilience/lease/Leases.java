package io.suite.resilience.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Leases for background work shared by replicas. {@link #claim} takes due rows with {@code FOR UPDATE SKIP LOCKED}
 * in one short statement (do the HTTP work afterwards, outside any transaction); {@link #complete} writes back only
 * if the version still matches, so a worker whose lease expired and was taken over cannot overwrite the new owner's
 * result, and each item is processed once per due time. A crashed worker's rows come due again when its lease ends.
 */
@ApplicationScoped
public class Leases {

    private final Pool pool;
    private final LeaseBacklog backlog;

    public Leases(Pool pool, LeaseBacklog backlog) {
        this.pool = pool;
        this.backlog = backlog;
    }

    public Uni<List<Lease>> claim(LeaseTable t, String owner, int limit, Duration leaseFor) {
        backlog.watch(t);
        String sql = "update " + t.table() + " set lease_owner = $1, lease_until = now() + $3 * interval '1 millisecond',"
                + " version = version + 1"
                + " where " + t.idColumn() + " in (select " + t.idColumn() + " from " + t.table()
                + " where " + t.dueColumn() + " <= now() and (lease_until is null or lease_until < now())"
                + " order by " + t.dueColumn() + " limit $2 for update skip locked)"
                + " returning " + t.idColumn() + " as id, version, " + t.dueColumn() + " as due_at";
        return pool.preparedQuery(sql).execute(Tuple.of(owner, limit, leaseFor.toMillis())).map(rows -> {
            List<Lease> leases = new ArrayList<>();
            for (Row row : rows) {
                leases.add(new Lease(row.getValue("id"), row.getLong("version"),
                        row.getOffsetDateTime("due_at").toInstant(), owner));
            }
            return leases;
        });
    }

    /**
     * As {@link #claim}, only among rows whose {@code column} equals {@code value}: work that must go upstream together
     * (one marketplace's products in one call, one tenant's jobs) fills a batch instead of being split across calls.
     */
    public Uni<List<Lease>> claimWhere(LeaseTable t, String column, Object value, String owner, int limit, Duration leaseFor) {
        LeaseTable.requireIdentifier(column);
        String sql = "update " + t.table() + " set lease_owner = $1, lease_until = now() + $3 * interval '1 millisecond',"
                + " version = version + 1"
                + " where " + t.idColumn() + " in (select " + t.idColumn() + " from " + t.table()
                + " where " + t.dueColumn() + " <= now() and (lease_until is null or lease_until < now()) and " + column + " = $4"
                + " order by " + t.dueColumn() + " limit $2 for update skip locked)"
                + " returning " + t.idColumn() + " as id, version, " + t.dueColumn() + " as due_at";
        return pool.preparedQuery(sql).execute(Tuple.of(owner, limit, leaseFor.toMillis(), value)).map(rows -> {
            List<Lease> leases = new ArrayList<>();
            for (Row row : rows) {
                leases.add(new Lease(row.getValue("id"), row.getLong("version"),
                        row.getOffsetDateTime("due_at").toInstant(), owner));
            }
            return leases;
        });
    }

    /**
     * Writes the outcome and releases the lease, if the lease is still ours.
     *
     * @param update what else the write-back sets ({@code new LeaseUpdate()} for nothing)
     * @return false when the lease was lost (expired and taken over): the caller's result must be discarded
     */
    public Uni<Boolean> complete(LeaseTable t, Lease lease, LeaseUpdate update) {
        return complete(pool, t, lease.id(), lease.version(), update);
    }

    /**
     * As {@link #complete(LeaseTable, Lease, LeaseUpdate)} on the caller's connection, inside its transaction
     * (e.g. one bound to a tenant for Row Level Security), for a lease known by its id and version.
     */
    public Uni<Boolean> complete(SqlClient client, LeaseTable t, Object id, long version, LeaseUpdate update) {
        String assignments = update.assignments();
        String sql = "update " + t.table() + " set " + (assignments.isEmpty() ? "" : assignments + ", ")
                + "lease_owner = null, lease_until = null, version = version + 1"
                + " where " + t.idColumn() + " = $1 and version = $2";
        Tuple params = Tuple.of(id, version);
        update.values().forEach(params::addValue);
        return client.preparedQuery(sql).execute(params).map(rows -> rows.rowCount() == 1);
    }

    /** Extends a lease still held (long work); false when it was lost. The lease's version is unchanged. */
    public Uni<Boolean> renew(LeaseTable t, Lease lease, Duration leaseFor) {
        String sql = "update " + t.table() + " set lease_until = now() + $3 * interval '1 millisecond'"
                + " where " + t.idColumn() + " = $1 and version = $2 and lease_owner = $4";
        return pool.preparedQuery(sql).execute(Tuple.of(lease.id(), lease.version(), leaseFor.toMillis(), lease.owner()))
                .map(rows -> rows.rowCount() == 1);
    }
}
