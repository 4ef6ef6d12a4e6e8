package io.suite.catalog.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The catalog's own metrics (Prometheus on the management interface). Budget waits, breaker state and transitions
 * come from shared-resilience ({@code resilience_budget_wait}, {@code resilience_breaker_state}).
 */
// created at start-up, so that its counters are exported at 0 before the first refresh
@Startup
@ApplicationScoped
public class CatalogMetrics {

    private final MeterRegistry meters;

    public CatalogMetrics(MeterRegistry meters) {
        this.meters = meters;
        // at 0 from the start, so that Prometheus' increase() sees the first refresh of each status
        for (String status : new String[] { "success", "failed", "skipped" }) {
            meters.counter("catalog.refreshes", "status", status);
        }
    }

    /** outcome: created, updated, not_found, failed. */
    public void imported(String outcome) {
        meters.counter("catalog.imports", "outcome", outcome).increment();
    }

    /** status: success, failed, skipped. */
    public void refreshed(String status, int count) {
        meters.counter("catalog.refreshes", "status", status).increment(count);
    }

    public void upstreamLatency(String source, long nanos) {
        Timer.builder("catalog.upstream.latency").tag("source", source).publishPercentileHistogram(false)
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void priceChanged() {
        meters.counter("catalog.price.changes").increment();
    }

    public void statusChanged(String to) {
        meters.counter("catalog.status.changes", "to", to).increment();
    }
}
