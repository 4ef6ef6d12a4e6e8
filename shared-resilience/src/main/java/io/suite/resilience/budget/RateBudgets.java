package io.suite.resilience.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.Delays;
import io.suite.resilience.config.ResilienceConfig;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Global rate budgets kept in Postgres (one row per budget), shared by every replica. A permit is taken with one
 * atomic statement on the database clock; a caller that must wait waits on a timer, never on a thread.
 */
@ApplicationScoped
public class RateBudgets {

    private static final Logger LOG = Logger.getLogger(RateBudgets.class);

    private final Pool pool;
    private final ResilienceConfig config;
    private final MeterRegistry meters;

    public RateBudgets(Pool pool, ResilienceConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.meters = meters;
    }

    /** Registers the configured budgets once the schema exists; every replica may do it, the upsert is idempotent. */
    void defineConfigured(@Observes StartupEvent event) {
        for (Map.Entry<String, ResilienceConfig.Budget> e : config.budgets().entrySet()) {
            List<Limit> limits = e.getValue().limits().stream().map(Limit::parse).toList();
            define(e.getKey(), limits).await().atMost(Duration.ofSeconds(30));
            // at 0 from the start, so that the first refusal and the first wait show in Prometheus' rate()
            meters.counter("resilience.budget.exhausted", "budget", e.getKey());
            Timer.builder("resilience.budget.wait").tag("budget", e.getKey()).register(meters);
            LOG.infof("rate budget %s: %s", e.getKey(), e.getValue().limits());
        }
    }

    public Uni<Void> define(String name, List<Limit> limits) {
        Double[] capacities = limits.stream().map(l -> (double) l.count()).toArray(Double[]::new);
        Double[] refill = limits.stream().map(Limit::refillPerSecond).toArray(Double[]::new);
        return pool.preparedQuery("select resilience_define_budget($1, $2, $3)")
                .execute(Tuple.of(name, capacities, refill)).replaceWithVoid();
    }

    /** One attempt: granted now, or the time after which a permit will be there. */
    public Uni<Permit> tryTake(String name) {
        return tryTake(name, 1);
    }

    /** One attempt at {@code permits} permits at once (a call that costs several upstream requests). */
    public Uni<Permit> tryTake(String name, int permits) {
        return pool.preparedQuery("select granted, wait_ms, taken_at from resilience_take_permit($1, $2)")
                .execute(Tuple.of(name, permits))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Permit(row.getBoolean("granted"), Duration.ofMillis(row.getLong("wait_ms")),
                            row.getOffsetDateTime("taken_at").toInstant());
                });
    }

    /**
     * Waits (without blocking) until the budget grants a permit. Fails at once with
     * {@link BudgetWaitExceededException} when the next permit is further away than {@code maxWait} allows.
     *
     * @return how long the caller waited
     */
    public Uni<Duration> acquire(String upstream, String name, Duration maxWait) {
        return acquire(upstream, name, 1, maxWait);
    }

    /** As {@link #acquire(String, String, Duration)}, for {@code permits} permits taken together. */
    public Uni<Duration> acquire(String upstream, String name, int permits, Duration maxWait) {
        long start = System.nanoTime();
        return acquireWithin(upstream, name, permits, maxWait, start).invoke(waited -> {
            if (!waited.isZero()) {
                Timer.builder("resilience.budget.wait").tag("budget", name).register(meters).record(waited);
            }
        });
    }

    private Uni<Duration> acquireWithin(String upstream, String name, int permits, Duration maxWait, long start) {
        return tryTake(name, permits).chain(permit -> {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (permit.granted()) {
                return Uni.createFrom().item(waited);
            }
            Duration left = maxWait.minus(waited);
            if (permit.retryIn().compareTo(left) > 0) {
                meters.counter("resilience.budget.exhausted", "budget", name).increment();
                return Uni.createFrom().failure(new BudgetWaitExceededException(upstream, name, permit.retryIn(), maxWait));
            }
            return Delays.delay(permit.retryIn()).chain(() -> acquireWithin(upstream, name, permits, maxWait, start));
        });
    }

    /** Makes every replica hold off this budget for at least {@code duration} (after an upstream 429). */
    public Uni<Void> coolDown(String name, Duration duration) {
        return pool.preparedQuery("select resilience_cool_down($1, $2)")
                .execute(Tuple.of(name, Math.max(1, duration.toMillis()))).replaceWithVoid();
    }

    /** Tokens available now per limit (as the database computes them) and the cooldown, for health and dashboards. */
    public Uni<BudgetSnapshot> snapshot(String name) {
        return pool.preparedQuery("""
                select capacities, refill_per_sec,
                       (select array_agg(least(c, t + r * greatest(0, extract(epoch from clock_timestamp() - updated_at)))
                                         order by i)
                          from unnest(capacities, tokens, refill_per_sec) with ordinality as u(c, t, r, i)) as available,
                       cooldown_until
                  from resilience_rate_budget where name = $1""")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    var cooldown = row.getOffsetDateTime("cooldown_until");
                    return new BudgetSnapshot(name, List.of(row.getArrayOfDoubles("capacities")),
                            List.of(row.getArrayOfDoubles("available")),
                            cooldown == null ? null : cooldown.atZoneSameInstant(ZoneOffset.UTC).toInstant());
                });
    }

    public record BudgetSnapshot(String name, List<Double> capacities, List<Double> available, Instant cooldownUntil) {
    }
}
