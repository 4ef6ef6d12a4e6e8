package io.suite.resilience.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
 * Counts of a failed flush are put back and written with the next one. Beside the counts, each row keeps the last 429
 * of its upstream, endpoint and subject: when it came (the injected {@link Clock}, to the microsecond) and the
 * Retry-After it carried in seconds (null when the upstream sent none); of several 429s the latest wins, in memory and
 * in the upsert, whichever replica flushes first.
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

    /** A 429 the upstream sent: when, and its Retry-After in whole seconds (rounded up; null when absent). */
    record LimitHit(Instant at, Integer retryAfterSeconds) {

        static LimitHit later(LimitHit a, LimitHit b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return b.at().isBefore(a.at()) ? a : b;
        }
    }

    static final class Counts {
        final LongAdder calls = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder budgetWaits = new LongAdder();
        final LongAdder budgetWaitMs = new LongAdder();
        final AtomicReference<LimitHit> lastLimitHit = new AtomicReference<>();

        void limitHit(LimitHit hit) {
            lastLimitHit.accumulateAndGet(hit, LimitHit::later);
        }
    }

    private final Map<Key, Counts> pending = new ConcurrentHashMap<>();
    private final Pool pool;
    private final MeterRegistry meters;
    private final Clock clock;

    public UpstreamUsage(Pool pool, MeterRegistry meters, Clock clock) {
        this.pool = pool;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * An attempt that reached the upstream, with its outcome (a 429 is both a call and a throttled call). A 429 recorded
     * here carries no Retry-After: {@link #recordLimitHit} is the one for a 429 whose Retry-After is known.
     */
    public void record(String upstream, String endpoint, String subject, Outcome outcome) {
        record(upstream, endpoint, subject, outcome, null);
    }

    /** A 429 of the upstream, now (the injected clock), with its Retry-After ({@code null} when it sent none). */
    public void recordLimitHit(String upstream, String endpoint, String subject, Duration retryAfter) {
        record(upstream, endpoint, subject, Outcome.THROTTLED, retryAfter);
    }

    private void record(String upstream, String endpoint, String subject, Outcome outcome, Duration retryAfter) {
        Counts c = counts(upstream, endpoint, subject);
        c.calls.increment();
        if (outcome == Outcome.THROTTLED) {
            c.throttled.increment();
            c.limitHit(new LimitHit(clock.instant().truncatedTo(ChronoUnit.MICROS), seconds(retryAfter)));
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

    /** Whole seconds, rounded up (an HTTP-date Retry-After leaves a fraction); null stays null. */
    static Integer seconds(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative()) {
            return null;
        }
        long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return (int) Math.min(s, Integer.MAX_VALUE);
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
        List<Taken> taken = new ArrayList<>();
        for (Map.Entry<Key, Counts> e : pending.entrySet()) {
            Counts c = e.getValue();
            long[] n = { c.calls.sumThenReset(), c.throttled.sumThenReset(), c.failures.sumThenReset(),
                    c.budgetWaits.sumThenReset(), c.budgetWaitMs.sumThenReset() };
            LimitHit hit = c.lastLimitHit.getAndSet(null);
            if (n[0] + n[3] == 0 && hit == null) {
                continue;
            }
            Key k = e.getKey();
            taken.add(new Taken(k, n, hit));
            OffsetDateTime hitAt = hit == null ? null : OffsetDateTime.ofInstant(hit.at(), ZoneOffset.UTC);
            Integer retryAfter = hit == null ? null : hit.retryAfterSeconds();
            batch.add(Tuple.tuple(Arrays.<Object> asList(k.upstream(), k.endpoint(), k.subject(), n[0], n[1], n[2], n[3], n[4],
                    hitAt, retryAfter)));
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // the last 429 of the row: the later of the stored one and this flush's (another replica may have flushed a later
        // one already); its Retry-After goes with it, a null one included (that 429 said nothing)
        return pool.preparedQuery("""
                insert into resilience_upstream_usage as u
                       (upstream, endpoint, subject, window_start, calls, throttled, failures, budget_waits, budget_wait_ms,
                        last_limit_hit, last_retry_after_seconds)
                values ($1, $2, $3, date_trunc('minute', now()), $4, $5, $6, $7, $8, $9, $10)
                on conflict (upstream, endpoint, subject, window_start) do update
                   set calls = u.calls + excluded.calls, throttled = u.throttled + excluded.throttled,
                       failures = u.failures + excluded.failures, budget_waits = u.budget_waits + excluded.budget_waits,
                       budget_wait_ms = u.budget_wait_ms + excluded.budget_wait_ms,
                       last_limit_hit = greatest(u.last_limit_hit, excluded.last_limit_hit),
                       last_retry_after_seconds = case
                           when excluded.last_limit_hit is not null
                                and (u.last_limit_hit is null or excluded.last_limit_hit >= u.last_limit_hit)
                           then excluded.last_retry_after_seconds
                           else u.last_retry_after_seconds end""")
                .executeBatch(batch)
                .map(r -> batch.size())
                .onFailure().invoke(e -> taken.forEach(this::putBack));
    }

    private record Taken(Key key, long[] n, LimitHit hit) {
    }

    private void putBack(Taken t) {
        Counts c = pending.computeIfAbsent(t.key(), k -> new Counts());
        long[] n = t.n();
        c.calls.add(n[0]);
        c.throttled.add(n[1]);
        c.failures.add(n[2]);
        c.budgetWaits.add(n[3]);
        c.budgetWaitMs.add(n[4]);
        if (t.hit() != null) {
            c.limitHit(t.hit());
        }
    }
}
