package io.suite.resilience.guard;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import io.quarkus.runtime.StartupEvent;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.budget.SubjectQuotas;
import io.suite.resilience.budget.UpstreamUsage;
import io.suite.resilience.config.ResilienceConfig;
import io.suite.resilience.tracing.Traces;
import io.suite.resilience.upstream.UpstreamErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** One {@link UpstreamGuard} per configured upstream ({@code resilience.upstreams.<name>.*}), built at start-up. */
@ApplicationScoped
public class UpstreamGuards {

    private final Map<String, UpstreamGuard> guards = new TreeMap<>();

    public UpstreamGuards(ResilienceConfig config, RateBudgets budgets, SubjectQuotas quotas, UpstreamUsage usage,
            BreakerEvents events, Clock clock, UpstreamErrors errors, Traces traces) {
        config.upstreams().forEach((name, upstream) -> {
            upstream.budget().filter(b -> !config.budgets().containsKey(b)).ifPresent(b -> {
                throw new IllegalStateException("resilience.upstreams." + name + ".budget names '" + b
                        + "', but resilience.budgets." + b + ".limits is not configured");
            });
            events.register(name);
            guards.put(name, new UpstreamGuard(name, upstream, budgets, quotas, usage, events, clock, errors, traces));
        });
    }

    void eager(@Observes StartupEvent event) {
        // touching the bean builds every guard, so health shows each breaker before its first call
    }

    /** The guard of an upstream; a name without configuration is a programming error, reported by name. */
    public UpstreamGuard get(String upstream) {
        UpstreamGuard guard = guards.get(upstream);
        if (guard == null) {
            throw new IllegalStateException("no guard for upstream '" + upstream + "': configure resilience.upstreams."
                    + upstream + ".* (configured: " + guards.keySet() + ")");
        }
        return guard;
    }

    public Collection<UpstreamGuard> all() {
        return guards.values();
    }
}
