package io.suite.resilience.metrics;

import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Gives {@code http_server_requests_seconds} a few fixed buckets ({@code _bucket{le=...}}), so Prometheus can compute
 * the p99 and the share of requests slower than the latency SLO (k8s/base/monitoring, burn-rate alerts) across
 * replicas. Fixed boundaries rather than Micrometer's percentile histogram: ten series per route instead of ~70.
 */
public class HttpServerSloBuckets {

    /** Bucket boundaries; 0.5 s is the latency SLO's threshold (k8s/RUNBOOK.md, "SloLatencyBurnRate"). */
    public static final Duration[] BOUNDARIES = {
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10) };

    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter httpServerSloBuckets() {
        double[] nanos = Arrays.stream(BOUNDARIES).mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
