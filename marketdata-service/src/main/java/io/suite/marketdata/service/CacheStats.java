package io.suite.marketdata.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.suite.marketdata.domain.DataType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cache counters by data type, read by {@code /cache/stats} and exported to Prometheus as
 * {@code marketdata_cache_requests_total{type,result}}, {@code marketdata_cache_evictions_total{type}},
 * {@code marketdata_cache_upstream_loads_total{type}}, {@code marketdata_cache_entries{type}}.
 */
@ApplicationScoped
public class CacheStats {

    public static final class Counters {
        final LongAdder memoryHits = new LongAdder();
        final LongAdder databaseHits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder staleServed = new LongAdder();
        final LongAdder evictions = new LongAdder();
        final LongAdder upstreamLoads = new LongAdder();
        final LongAdder coalesced = new LongAdder();
        final LongAdder refreshAhead = new LongAdder();

        public long memoryHits() {
            return memoryHits.sum();
        }

        public long databaseHits() {
            return databaseHits.sum();
        }

        public long hits() {
            return memoryHits() + databaseHits();
        }

        public long misses() {
            return misses.sum();
        }

        public long staleServed() {
            return staleServed.sum();
        }

        public long evictions() {
            return evictions.sum();
        }

        public long upstreamLoads() {
            return upstreamLoads.sum();
        }

        public long coalesced() {
            return coalesced.sum();
        }

        public long refreshAhead() {
            return refreshAhead.sum();
        }

        public double hitRatio() {
            long total = hits() + misses();
            return total == 0 ? 0.0 : (double) hits() / total;
        }
    }

    private final Map<DataType, Counters> counters = new EnumMap<>(DataType.class);

    public CacheStats(MeterRegistry meters) {
        for (DataType type : DataType.values()) {
            Counters c = new Counters();
            counters.put(type, c);
            register(meters, type, "memory_hit", c, Counters::memoryHits);
            register(meters, type, "database_hit", c, Counters::databaseHits);
            register(meters, type, "miss", c, Counters::misses);
            register(meters, type, "stale", c, Counters::staleServed);
            FunctionCounter.builder("marketdata.cache.evictions", c, x -> x.evictions()).tag("type", type.label())
                    .description("entries evicted from the in-process cache").register(meters);
            FunctionCounter.builder("marketdata.cache.upstream.loads", c, x -> x.upstreamLoads()).tag("type", type.label())
                    .description("loads that called the upstream (after coalescing)").register(meters);
        }
    }

    private static void register(MeterRegistry meters, DataType type, String result, Counters c, ToLongFunction<Counters> f) {
        FunctionCounter.builder("marketdata.cache.requests", c, x -> f.applyAsLong(x)).tag("type", type.label())
                .tag("result", result).description("cache lookups by outcome").register(meters);
    }

    /** Entry counts come from the cache itself, so the gauge is registered by whoever owns it. */
    public void registerEntries(MeterRegistry meters, DataType type, ToLongFunction<DataType> entries) {
        Gauge.builder("marketdata.cache.entries", type, t -> entries.applyAsLong(t)).tag("type", type.label())
                .description("entries in the in-process cache").register(meters);
    }

    public Counters of(DataType type) {
        return counters.get(type);
    }

    void memoryHit(DataType t) {
        counters.get(t).memoryHits.increment();
    }

    void databaseHit(DataType t) {
        counters.get(t).databaseHits.increment();
    }

    void miss(DataType t) {
        counters.get(t).misses.increment();
    }

    void stale(DataType t) {
        counters.get(t).staleServed.increment();
    }

    void eviction(DataType t) {
        counters.get(t).evictions.increment();
    }

    void upstreamLoad(DataType t) {
        counters.get(t).upstreamLoads.increment();
    }

    void coalesced(DataType t) {
        counters.get(t).coalesced.increment();
    }

    void refreshAhead(DataType t) {
        counters.get(t).refreshAhead.increment();
    }
}
