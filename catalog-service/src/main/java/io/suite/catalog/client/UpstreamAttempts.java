package io.suite.catalog.client;

import java.time.Clock;
import java.util.function.Supplier;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.Store;
import io.suite.catalog.metrics.CatalogMetrics;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;

/** How both adapters call their upstream, whichever API they speak: through its guard, on the store's budget. */
@ApplicationScoped
public class UpstreamAttempts {

    private final UpstreamGuards guards;
    private final CatalogConfig config;
    private final Clock clock;
    private final CatalogMetrics metrics;

    public UpstreamAttempts(UpstreamGuards guards, CatalogConfig config, Clock clock, CatalogMetrics metrics) {
        this.guards = guards;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    CircuitBreakerState breakerState(String upstream) {
        return guards.get(upstream).breakerState();
    }

    /**
     * One call of one request on the store's budget, retried by the upstream's guard. Each attempt is counted in
     * {@code stats}; an answer saying the daily quota is spent becomes a rate limit until the quota resets (see
     * {@link DailyQuota}), which the guard does not retry; each attempt's latency is recorded, success or failure.
     */
    <T> Uni<T> call(String upstream, Store store, String endpoint, CallStats stats, Supplier<Uni<T>> attempt) {
        return guards.get(upstream).<T> callWithBudget(store.budget(), endpoint, null, 1, () -> {
            stats.attempt();
            long started = System.nanoTime();
            return attempt.get()
                    .onFailure(DailyQuota::exhausted)
                    .transform(e -> DailyQuota.untilReset((UpstreamException) e, upstream, config.dailyQuota().resetZone(), clock))
                    .onTermination().invoke(() -> metrics.upstreamLatency(upstream, System.nanoTime() - started));
        });
    }
}
