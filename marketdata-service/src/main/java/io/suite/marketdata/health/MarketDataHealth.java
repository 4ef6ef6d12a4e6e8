package io.suite.marketdata.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.client.PolygonClient;
import io.suite.marketdata.client.PolygonReachability;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.DataType;
import io.suite.marketdata.repository.CacheRepository;
import io.suite.marketdata.service.Entitlements;
import io.suite.marketdata.service.MarketClock;
import io.suite.marketdata.service.MarketDataCache;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.config.ResilienceConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The detailed health of {@code GET /api/v1/market-data/health}: database, cache, upstream, breaker and rate budget.
 * Upstream reachability is judged from recent calls, never probed: a probe would spend the 5/min budget. Kubernetes
 * probes use {@code /q/health/live|ready} instead, which never look at the upstream.
 */
@ApplicationScoped
public class MarketDataHealth {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(String status, Component database, Map<String, Long> cacheEntries, long cacheMemoryBytes,
            Upstream upstream, Budget rateBudget, Entitlements.Report entitlements, Instant checkedAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Component(String status, Long latencyMs, String detail) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Upstream(String status, String breaker, Instant lastSuccessAt, Instant lastFailureAt, String lastFailure,
            int queued) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Budget(String name, List<Double> capacities, List<Double> available, Instant cooldownUntil) {
    }

    private final CacheRepository repository;
    private final MarketDataCache cache;
    private final PolygonClient polygon;
    private final PolygonReachability reachability;
    private final RateBudgets budgets;
    private final ResilienceConfig resilience;
    private final MarketDataConfig config;
    private final MarketClock clock;
    private final Entitlements entitlements;

    public MarketDataHealth(CacheRepository repository, MarketDataCache cache, PolygonClient polygon, RateBudgets budgets,
            ResilienceConfig resilience, MarketDataConfig config, MarketClock clock, Entitlements entitlements,
            PolygonReachability reachability) {
        this.entitlements = entitlements;
        this.reachability = reachability;
        this.repository = repository;
        this.cache = cache;
        this.polygon = polygon;
        this.budgets = budgets;
        this.resilience = resilience;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Report> check() {
        long started = System.nanoTime();
        Uni<Component> database = repository.ping()
                .map(ok -> new Component("UP", Duration.ofNanos(System.nanoTime() - started).toMillis(), null))
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .onFailure().recoverWithItem(f -> new Component("DOWN", null, f.getClass().getSimpleName()));
        String budgetName = budgetName();
        Uni<Budget> budget = budgetName == null ? Uni.createFrom().nullItem()
                : budgets.snapshot(budgetName)
                        .map(s -> s == null ? null : new Budget(s.name(), s.capacities(), s.available(), s.cooldownUntil()))
                        .onFailure().recoverWithNull();
        return Uni.combine().all().unis(database, budget).asTuple().map(t -> {
            Map<String, Long> entries = new LinkedHashMap<>();
            for (DataType type : DataType.values()) {
                entries.put(type.label(), cache.memoryEntries(type));
            }
            CircuitBreakerState breaker = polygon.guard().breakerState();
            PolygonReachability.Snapshot seen = reachability.snapshot();
            Instant ok = seen.lastSuccess();
            Instant failed = seen.lastFailure();
            String upstreamStatus = breaker == CircuitBreakerState.OPEN ? "DOWN"
                    : failed != null && (ok == null || failed.isAfter(ok)) ? "DEGRADED"
                            : ok == null ? "UNKNOWN" : "UP";
            Upstream upstream = new Upstream(upstreamStatus, breaker.name(), ok, failed, seen.lastFailureReason(),
                    polygon.pending());
            String overall = "DOWN".equals(t.getItem1().status()) ? "DOWN"
                    : "UP".equals(upstreamStatus) || "UNKNOWN".equals(upstreamStatus) ? "UP" : "DEGRADED";
            return new Report(overall, t.getItem1(), entries, cache.memoryBytes(), upstream, t.getItem2(), entitlements.report(),
                    clock.now());
        });
    }

    private String budgetName() {
        ResilienceConfig.Upstream upstream = resilience.upstreams().get(config.polygon().guard());
        return upstream == null ? null : upstream.budget().orElse(null);
    }
}
