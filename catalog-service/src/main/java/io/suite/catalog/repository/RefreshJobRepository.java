package io.suite.catalog.repository;

import static io.suite.catalog.repository.Sql.instant;
import static io.suite.catalog.repository.Sql.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.RefreshJob;
import io.suite.catalog.domain.RefreshStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RefreshJobRepository {

    private final Pool pool;

    public RefreshJobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(List<RefreshJob> jobs) {
        return insert(pool, jobs);
    }

    /** On the caller's connection, e.g. inside the transaction that completes the product's lease. */
    public Uni<Void> insert(SqlClient client, List<RefreshJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (RefreshJob j : jobs) {
            Tuple t = Tuple.tuple();
            RefreshJob.Attempt a = j.attempt();
            RefreshJob.Outcome o = j.outcome();
            t.addValue(j.productId()).addValue(a.runId()).addValue(a.worker()).addValue(ts(a.scheduledAt()))
                    .addValue(ts(a.startedAt())).addValue(ts(a.completedAt())).addValue(o.status().db()).addValue(o.retryCount())
                    .addValue(o.errorCode()).addValue(o.errorMessage()).addValue(o.circuitBreakerState())
                    .addValue(j.oldPrice()).addValue(j.newPrice());
            batch.add(t);
        }
        return client.preparedQuery("""
                insert into refresh_jobs (product_id, run_id, worker, scheduled_at, started_at, completed_at, status,
                    retry_count, error_code, error_message, circuit_breaker_state, old_price, new_price)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::numeric, $13::numeric)""")
                .executeBatch(batch).replaceWithVoid();
    }

    public Uni<List<RefreshJob>> list(UUID productId, RefreshStatus status, UUID runId, Instant afterCreated, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("select * from refresh_jobs where true");
        Tuple t = Tuple.tuple();
        if (productId != null) {
            t.addValue(productId);
            sql.append(" and product_id = $").append(t.size());
        }
        if (status != null) {
            t.addValue(status.db());
            sql.append(" and status = $").append(t.size());
        }
        if (runId != null) {
            t.addValue(runId);
            sql.append(" and run_id = $").append(t.size());
        }
        if (afterCreated != null && afterId != null) {
            t.addValue(ts(afterCreated));
            sql.append(" and (created_at, id) < ($").append(t.size());
            t.addValue(afterId);
            sql.append(", $").append(t.size()).append(")");
        }
        t.addValue(limit);
        sql.append(" order by created_at desc, id desc limit $").append(t.size());
        return pool.preparedQuery(sql.toString()).execute(t).map(rows -> {
            List<RefreshJob> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(map(r));
            }
            return out;
        });
    }

    static RefreshJob map(Row r) {
        RefreshJob.Attempt attempt = new RefreshJob.Attempt(r.getUUID("run_id"), r.getString("worker"),
                instant(r.getOffsetDateTime("scheduled_at")), instant(r.getOffsetDateTime("started_at")),
                instant(r.getOffsetDateTime("completed_at")));
        RefreshJob.Outcome outcome = new RefreshJob.Outcome(RefreshStatus.of(r.getString("status")), r.getInteger("retry_count"),
                r.getString("error_code"), r.getString("error_message"), r.getString("circuit_breaker_state"));
        return new RefreshJob(r.getUUID("id"), r.getUUID("product_id"), attempt, outcome, r.getBigDecimal("old_price"),
                r.getBigDecimal("new_price"), instant(r.getOffsetDateTime("created_at")));
    }
}
