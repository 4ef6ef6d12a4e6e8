package io.suite.resilience.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;

/** Logs (JSON, with the correlation id from the MDC) and counts every breaker transition; exposes state as a gauge. */
@ApplicationScoped
public class BreakerEvents {

    private static final Logger LOG = Logger.getLogger("io.suite.resilience.breaker");

    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    public BreakerEvents(MeterRegistry meters) {
        this.meters = meters;
    }

    void register(String upstream) {
        gauges.computeIfAbsent(upstream, u -> {
            AtomicInteger value = new AtomicInteger(0);
            Gauge.builder("resilience.breaker.state", value, AtomicInteger::get)
                    .description("0 closed, 1 half-open, 2 open").tag("upstream", u).register(meters);
            // at 0 from the start: Prometheus' increase() cannot see a counter's first increment if it appears with it
            for (CircuitBreakerState to : CircuitBreakerState.values()) {
                meters.counter("resilience.breaker.transitions", "upstream", u, "to", to.name().toLowerCase());
            }
            return value;
        });
    }

    void transition(String upstream, CircuitBreakerState from, CircuitBreakerState to) {
        register(upstream);
        gauges.get(upstream).set(switch (to) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
        meters.counter("resilience.breaker.transitions", "upstream", upstream, "to", to.name().toLowerCase()).increment();
        if (to == CircuitBreakerState.OPEN) {
            LOG.warnf("circuit breaker of upstream %s: %s -> %s", upstream, from, to);
        } else {
            LOG.infof("circuit breaker of upstream %s: %s -> %s", upstream, from, to);
        }
    }
}
