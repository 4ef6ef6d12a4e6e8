package io.suite.resilience.lease;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The backlog of each lease table this instance works on, for the "refresh backlog growing" alert: items due and not
 * done yet ({@code resilience_lease_backlog{table}}) and how late the oldest of them is
 * ({@code resilience_lease_backlog_oldest_seconds{table}}). A table is watched from its first {@link Leases#claim};
 * the figures come from one indexed count per table on a schedule, never from a scrape.
 */
@ApplicationScoped
public class LeaseBacklog {

    private static final Logger LOG = Logger.getLogger(LeaseBacklog.class);

    static final class Figures {
        final AtomicLong due = new AtomicLong();
        final AtomicLong oldestMillis = new AtomicLong();
    }

    private final Pool pool;
    private final MeterRegistry meters;
    private final Map<LeaseTable, Figures> watched = new ConcurrentHashMap<>();

    public LeaseBacklog(Pool pool, MeterRegistry meters) {
        this.pool = pool;
        this.meters = meters;
    }

    void watch(LeaseTable t) {
        watched.computeIfAbsent(t, table -> {
            Figures f = new Figures();
            Gauge.builder("resilience.lease.backlog", f, x -> x.due.get())
                    .description("Items due and not done yet").tag("table", table.table()).register(meters);
            Gauge.builder("resilience.lease.backlog.oldest.seconds", f, x -> x.oldestMillis.get() / 1000.0)
                    .description("How long the oldest item due has been waiting").tag("table", table.table()).register(meters);
            return f;
        });
    }

    @Scheduled(every = "${resilience.leases.backlog-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefresh() {
        return refresh().onFailure().recoverWithItem(e -> {
            LOG.warnf("lease backlog count failed, figures kept from the last one: %s", e.getMessage());
            return null;
        });
    }

    /** Counts, per watched table, the items due now (leased or not: a lease is work not done yet). */
    Uni<Void> refresh() {
        List<Uni<Void>> counts = watched.entrySet().stream().map(e -> count(e.getKey(), e.getValue())).toList();
        return counts.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(counts).andFailFast().replaceWithVoid();
    }

    private Uni<Void> count(LeaseTable t, Figures f) {
        String sql = "select count(*) as due, coalesce(extract(epoch from now() - min(" + t.dueColumn() + ")) * 1000, 0)"
                + " as oldest_ms from " + t.table() + " where " + t.dueColumn() + " <= now()";
        return pool.query(sql).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            f.due.set(row.getLong("due"));
            f.oldestMillis.set(Math.round(row.getDouble("oldest_ms")));
        }).replaceWithVoid();
    }
}
