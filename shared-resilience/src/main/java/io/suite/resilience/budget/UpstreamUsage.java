package io.suite.resilience.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts every upstream call, 429 and budget wait per upstream, endpoint and subject (e.g. the user), in memory,
 * and adds the counts to {@code resilience_upstream_usage} in one batch per flush: no database write per request.
 * Counts of a failed flush are put back and written with the next one.
 */
@ApplicationScoped
public class UpstreamUsage {

    private static final Logger LOG = Logger.getLogger(UpstreamUsage.class);

    public enum Outcome {
        CALL,
        THROTTLED,
        FAILED
    }

    record Key(String upstream, String endpoint, String subject) {
    }

    static final class Counts {
        final LongAdder calls = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder budgetWaits = new LongAdder();
        final LongAdder budgetWaitMs = new LongAdder();
    }

    private final Map<Key, Counts> pending = new ConcurrentHashMap<>();
    private final Pool pool;
    private final MeterRegistry meters;

    public UpstreamUsage(Pool pool, MeterRegistry meters) {
        this.pool = pool;
        this.meters = meters;
    }

    /** An attempt that reached the upstream, with its outcome (a 429 is both a call and a throttled call). */
    public void record(String upstream, String endpoint, String subject, Outcome outcome) {
        Counts c = counts(upstream, endpoint, subject);
        c.calls.increment();
        if (outcome == Outcome.THROTTLED) {
            c.throttled.increment();
        } else if (outcome == Outcome.FAILED) {
            c.failures.increment();
        }
        meters.counter("resilience.upstream.calls", "upstream", upstream, "endpoint", endpoint,
                "outcome", outcome.name().toLowerCase()).increment();
    }

    public void recordBudgetWait(String upstream, String endpoint, String subject, Duration waited) {
        Counts c = counts(upstream, endpoint, subject);
        c.budgetWaits.increment();
        c.budgetWaitMs.add(waited.toMillis());
    }

    private Counts counts(String upstream, String endpoint, String subject) {
        return pending.computeIfAbsent(new Key(upstream, endpoint, subject == null ? "" : subject), k -> new Counts());
    }

    @Scheduled(every = "${resilience.usage.flush-interval:15s}", delayed = "${resilience.usage.flush-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledFlush() {
        return flush().replaceWithVoid().onFailure().recoverWithItem(e -> {
            LOG.warnf("upstream usage flush failed, counts kept for the next one: %s", e.getMessage());
            return null;
        });
    }

    /** Writes what was counted since the last flush; returns how many rows were added to or created. */
    public Uni<Integer> flush() {
        List<Tuple> batch = new ArrayList<>();
        List<Map.Entry<Key, long[]>> taken = new ArrayList<>();
        for (Map.Entry<Key, Counts> e : pending.entrySet()) {
            Counts c = e.getValue();
            long[] n = { c.calls.sumThenReset(), c.throttled.sumThenReset(), c.failures.sumThenReset(),
                    c.budgetWaits.sumThenReset(), c.budgetWaitMs.sumThenReset() };
            if (n[0] + n[3] == 0) {
                continue;
            }
            Key k = e.getKey();
            taken.add(Map.entry(k, n));
            batch.add(Tuple.tuple(List.of(k.upstream(), k.endpoint(), k.subject(), n[0], n[1], n[2], n[3], n[4])));
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("""
                insert into resilience_upstream_usage as u
                       (upstream, endpoint, subject, window_start, calls, throttled, failures, budget_waits, budget_wait_ms)
                values ($1, $2, $3, date_trunc('minute', now()), $4, $5, $6, $7, $8)
                on conflict (upstream, endpoint, subject, window_start) do update
                   set calls = u.calls + excluded.calls, throttled = u.throttled + excluded.throttled,
                       failures = u.failures + excluded.failures, budget_waits = u.budget_waits + excluded.budget_waits,
                       budget_wait_ms = u.budget_wait_ms + excluded.budget_wait_ms""")
                .executeBatch(batch)
                .map(r -> batch.size())
                .onFailure().invoke(e -> taken.forEach(t -> putBack(t.getKey(), t.getValue())));
    }

    private void putBack(Key key, long[] n) {
        Counts c = pending.computeIfAbsent(key, k -> new Counts());
        c.calls.add(n[0]);
        c.throttled.add(n[1]);
        c.failures.add(n[2]);
        c.budgetWaits.add(n[3]);
        c.budgetWaitMs.add(n[4]);
    }
}
