package io.suite.catalog.client;

import java.time.Clock;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.metrics.CatalogMetrics;
import io.suite.resilience.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;

/** What both adapters do around each attempt the guard makes, whichever API they speak. */
@ApplicationScoped
public class UpstreamAttempts {

    private final CatalogConfig config;
    private final Clock clock;
    private final CatalogMetrics metrics;

    public UpstreamAttempts(CatalogConfig config, Clock clock, CatalogMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Runs one attempt: an answer saying the daily quota is spent becomes a rate limit until the quota resets (see
     * {@link DailyQuota}), and the attempt's latency is recorded, success or failure.
     */
    <T> Uni<T> run(String upstream, Supplier<Uni<T>> attempt) {
        long started = System.nanoTime();
        return attempt.get()
                .onFailure(DailyQuota::exhausted)
                .transform(e -> DailyQuota.untilReset((UpstreamException) e, upstream, config.dailyQuota().resetZone(), clock))
                .onTermination().invoke(() -> metrics.upstreamLatency(upstream, System.nanoTime() - started));
    }
}
