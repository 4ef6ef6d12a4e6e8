package io.suite.marketdata.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataType;
import io.suite.marketdata.repository.CacheRepository;
import io.suite.marketdata.repository.CacheRow;
import io.suite.resilience.budget.Subjects;
import io.suite.resilience.coalesce.SingleFlight;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Two cache levels in front of Polygon: Caffeine in this process, then {@code cache_entry} in Postgres (shared by the
 * replicas, survives restarts). Concurrent misses for one key share one load (one upstream call per instance); a hot
 * entry is reloaded in the background before it expires; when the upstream is down or the rate budget is spent the
 * last good entry is served marked stale, and only without one does the caller get the upstream error (a 503; 429 for
 * a caller over its fair share of the budget: a hit never spends that share, only a load from the upstream does).
 */
@Startup // eager, so the cache gauges exist from the first scrape
@ApplicationScoped
public class MarketDataCache {

    private static final Logger LOG = Logger.getLogger(MarketDataCache.class);

    /** What both levels hold: the value, when it was fetched, until when it is fresh and until when it is kept. */
    record Entry(CacheKey key, Object value, Instant fetchedAt, Instant freshUntil, Instant keepUntil, AtomicInteger hits) {

        boolean freshAt(Instant now) {
            return now.isBefore(freshUntil);
        }

        boolean keptAt(Instant now) {
            return now.isBefore(keepUntil);
        }
    }

    private final CacheRepository repository;
    private final CacheTtlPolicy ttl;
    private final CacheStats stats;
    private final MarketClock clock;
    private final MarketDataConfig config;
    private final ObjectMapper json;
    private final Cache<String, Entry> memory;
    /** Concurrent misses of one key share one load (one upstream call per instance); each caller keeps its context. */
    private final SingleFlight<String, Cached<Object>> inflight = new SingleFlight<>();

    public MarketDataCache(CacheRepository repository, CacheTtlPolicy ttl, CacheStats stats, MarketClock clock,
            MarketDataConfig config, ObjectMapper json, MeterRegistry meters) {
        this.repository = repository;
        this.ttl = ttl;
        this.stats = stats;
        this.clock = clock;
        this.config = config;
        this.json = json;
        this.memory = Caffeine.newBuilder()
                .maximumWeight(config.cache().memoryMaxBytes().asLongValue())
                .weigher((String k, Entry e) -> CacheWeigher.bytes(k, e.value()))
                .expireAfter(Expiry.<String, Entry> writing((k, e) -> {
                    // kept in memory as long as it may still be served (fresh, or stale as a fallback)
                    Duration left = Duration.between(clock.now(), e.keepUntil());
                    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
                }))
                .removalListener((String k, Entry e, RemovalCause cause) -> {
                    if (e != null && cause.wasEvicted()) {
                        stats.eviction(e.key().type());
                    }
                })
                .build();
        for (DataType type : DataType.values()) {
            stats.registerEntries(meters, type, this::memoryEntries);
        }
    }

    /** Fresh data from the nearest level that has it, else one (coalesced) upstream load; stale data if that fails. */
    public <T> Uni<Cached<T>> get(CacheKey key, Class<T> type, Supplier<Uni<T>> loader) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.now();
            Entry e = memory.getIfPresent(key.asString());
            if (e != null && e.freshAt(now)) {
                stats.memoryHit(key.type());
                refreshAheadIfHot(e, type, loader, now);
                return Uni.createFrom().item(cast(cached(e, Cached.Source.MEMORY, false, now, type), type));
            }
            return shared(key, type, loader, false).map(c -> cast(c, type))
                    .onFailure(SubjectQuotaExceededException.class).recoverWithUni(f -> retryOwnLoad(key, type, loader,
                            (SubjectQuotaExceededException) f));
        });
    }

    /**
     * A coalesced load runs for its first caller's subject: when that caller was over its fair share, the others that
     * joined it are not, so each of them loads again for itself (once) instead of sharing the refusal.
     */
    private <T> Uni<Cached<T>> retryOwnLoad(CacheKey key, Class<T> type, Supplier<Uni<T>> loader, SubjectQuotaExceededException f) {
        return Subjects.current().chain(me -> me == null || me.equals(f.subject()) ? Uni.createFrom().<Cached<T>> failure(f)
                : shared(key, type, loader, false).map(c -> cast(c, type)));
    }

    /** Reloads from the upstream now (an admin's refresh), still coalesced with any load already under way. */
    public <T> Uni<Cached<T>> refresh(CacheKey key, Class<T> type, Supplier<Uni<T>> loader) {
        return Uni.createFrom().deferred(() -> shared(key, type, loader, true).map(c -> cast(c, type)));
    }

    /**
     * What both levels hold for {@code keys} now, without loading: one element per key, null when neither level has
     * it, else the entry marked {@code stale} when past its freshness (still within its retention). For callers that
     * fetch several keys in one upstream call (bar buckets).
     */
    public <T> Uni<List<Cached<T>>> peek(List<? extends CacheKey> keys, Class<T> type) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.now();
            List<Entry> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (CacheKey k : keys) {
                Entry e = memory.getIfPresent(k.asString());
                found.add(e != null && e.keptAt(now) ? e : null);
                if (e == null || !e.freshAt(now)) {
                    missing.add(k.asString());
                }
            }
            Uni<Map<String, CacheRow>> rows = missing.isEmpty() ? Uni.createFrom().item(Map.of())
                    : repository.findAll(missing, now).onFailure().recoverWithItem(f -> {
                        LOG.warnf("cache database unavailable while reading %d bar buckets: %s", missing.size(), f.getMessage());
                        return Map.of();
                    });
            return rows.map(byKey -> {
                List<Cached<T>> out = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    CacheKey k = keys.get(i);
                    Entry e = found.get(i);
                    Cached.Source source = Cached.Source.MEMORY;
                    CacheRow row = byKey.get(k.asString());
                    if (row != null && (e == null || row.fetchedAt().isAfter(e.fetchedAt()))) {
                        Entry stored = entry(k, row, type);
                        if (stored != null) {
                            e = stored;
                            source = Cached.Source.DATABASE;
                            if (stored.freshAt(now)) {
                                memory.put(k.asString(), stored);
                            }
                        }
                    }
                    if (e == null) {
                        out.add(null);
                        continue;
                    }
                    boolean fresh = e.freshAt(now);
                    if (fresh && source == Cached.Source.MEMORY) {
                        stats.memoryHit(k.type());
                    } else if (fresh) {
                        stats.databaseHit(k.type());
                    }
                    out.add(cast(cached(e, source, !fresh, now, type), type));
                }
                return out;
            });
        });
    }

    /** Stores what the caller fetched from the upstream for {@code key} in both levels. */
    public <T> Uni<Cached<T>> put(CacheKey key, T value) {
        Instant fetchedAt = clock.now();
        Instant freshUntil = ttl.freshUntil(key, value, fetchedAt);
        Entry e = new Entry(key, value, fetchedAt, freshUntil, ttl.keepUntil(freshUntil), new AtomicInteger());
        memory.put(key.asString(), e);
        return store(e).replaceWith(new Cached<>(value, Cached.Source.UPSTREAM, false, fetchedAt, Duration.ZERO));
    }

    /** Counts a load that went to the upstream, and the keys that missed both levels. */
    public void countLoad(DataType type, int missedKeys) {
        stats.upstreamLoad(type);
        for (int i = 0; i < missedKeys; i++) {
            stats.miss(type);
        }
    }

    /** Counts stale data served in place of keys the upstream could not refresh. */
    public void countStale(DataType type) {
        stats.stale(type);
    }

    /** Bytes the in-process level holds now, as weighed ({@code marketdata.cache.memory-max-bytes} bounds it). */
    public long memoryBytes() {
        return memory.policy().eviction().map(ev -> ev.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Entries of one data type in the in-process level. */
    public long memoryEntries(DataType type) {
        return memory.asMap().values().stream().filter(e -> e.key().type() == type).count();
    }

    /** Drops expired entries from memory now (Caffeine would on its own, lazily). */
    public void cleanUpMemory() {
        Instant now = clock.now();
        memory.asMap().values().removeIf(e -> !e.keptAt(now));
        memory.cleanUp();
    }

    /** Forgets the in-process level, as a restart would; the Postgres level stays. */
    void clearMemory() {
        memory.invalidateAll();
    }

    private <T> Uni<Cached<Object>> shared(CacheKey key, Class<T> type, Supplier<Uni<T>> loader, boolean force) {
        return inflight.run(key.asString(), () -> load(key, type, loader, force), () -> stats.coalesced(key.type()));
    }

    private <T> Uni<Cached<Object>> load(CacheKey key, Class<T> type, Supplier<Uni<T>> loader, boolean force) {
        Instant now = clock.now();
        return repository.find(key.asString(), now)
                .onFailure().recoverWithItem(f -> {
                    LOG.warnf("cache database unavailable, going to the upstream for %s: %s", key.asString(), f.getMessage());
                    return null;
                })
                .chain(row -> {
                    Entry stored = row == null ? null : entry(key, row, type);
                    if (!force && stored != null && stored.freshAt(now)) {
                        memory.put(key.asString(), stored);
                        stats.databaseHit(key.type());
                        return Uni.createFrom().item(cached(stored, Cached.Source.DATABASE, false, now, Object.class));
                    }
                    if (!force) {
                        stats.miss(key.type());
                    }
                    return fetch(key, loader)
                            .onFailure(MarketDataCache::degradable)
                            .recoverWithUni(f -> stale(key, stored, f, !force));
                });
    }

    private <T> Uni<Cached<Object>> fetch(CacheKey key, Supplier<Uni<T>> loader) {
        stats.upstreamLoad(key.type());
        return Uni.createFrom().deferred(() -> loader.get()).chain(value -> {
            Instant fetchedAt = clock.now();
            Instant freshUntil = ttl.freshUntil(key, value, fetchedAt);
            Entry e = new Entry(key, value, fetchedAt, freshUntil, ttl.keepUntil(freshUntil), new AtomicInteger());
            memory.put(key.asString(), e);
            return store(e).replaceWith(cached(e, Cached.Source.UPSTREAM, false, fetchedAt, Object.class));
        });
    }

    private Uni<Boolean> store(Entry e) {
        String payload;
        try {
            payload = json.writeValueAsString(e.value());
        } catch (JsonProcessingException x) {
            LOG.errorf("cannot serialise %s for the shared cache: %s", e.key().asString(), x.getMessage());
            return Uni.createFrom().item(false);
        }
        return repository.upsert(new CacheRow(e.key().asString(), e.key().type().label(), e.key().ticker().symbol(),
                payload, e.fetchedAt(), e.freshUntil(), e.keepUntil()))
                .onFailure().recoverWithItem(f -> {
                    // the in-process level still has it; other replicas will fetch their own copy
                    LOG.warnf("could not write %s to the shared cache: %s", e.key().asString(), f.getMessage());
                    return false;
                });
    }

    /** The newest entry still within its retention, from either level, marked stale; else the upstream's error. */
    private Uni<Cached<Object>> stale(CacheKey key, Entry stored, Throwable failure, boolean servedToAReader) {
        Instant now = clock.now();
        Entry inMemory = memory.getIfPresent(key.asString());
        Entry best = inMemory;
        Cached.Source source = Cached.Source.MEMORY;
        if (stored != null && (best == null || stored.fetchedAt().isAfter(best.fetchedAt()))) {
            best = stored;
            source = Cached.Source.DATABASE;
        }
        if (best == null || !best.keptAt(now)) {
            return Uni.createFrom().failure(failure);
        }
        if (servedToAReader) { // a failed admin or refresh-ahead reload keeps the entry but serves nobody
            stats.stale(key.type());
        }
        LOG.infof("serving stale %s (fetched %s) because %s", key.asString(), best.fetchedAt(), failure.getMessage());
        return Uni.createFrom().item(cached(best, source, true, now, Object.class));
    }

    private <T> void refreshAheadIfHot(Entry e, Class<T> type, Supplier<Uni<T>> loader, Instant now) {
        int hits = e.hits().incrementAndGet();
        long ttlMillis = Duration.between(e.fetchedAt(), e.freshUntil()).toMillis();
        Instant due = e.fetchedAt().plusMillis((long) (ttlMillis * config.cache().refreshAheadRatio()));
        if (hits >= config.cache().hotHits() && !now.isBefore(due) && !inflight.running(e.key().asString())) {
            stats.refreshAhead(e.key().type());
            shared(e.key(), type, loader, true).subscribe().with(
                    ok -> LOG.debugf("refreshed %s ahead of expiry", e.key().asString()),
                    f -> LOG.infof("refresh ahead of %s failed: %s", e.key().asString(), f.getMessage()));
        }
    }

    private <T> Entry entry(CacheKey key, CacheRow row, Class<T> type) {
        try {
            return new Entry(key, json.readValue(row.payload(), type), row.fetchedAt(), row.freshUntil(), row.keepUntil(),
                    new AtomicInteger());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // a payload written by an older version we cannot read is simply a miss
            LOG.warnf("unreadable cache entry %s: %s", key.asString(), e.getMessage());
            return null;
        }
    }

    /** Upstream outage, open breaker, a 429 or a spent budget: what stale data may stand in for. */
    static boolean degradable(Throwable f) {
        return f instanceof UpstreamUnavailableException || f instanceof UpstreamRateLimitedException;
    }

    private static <T> Cached<Object> cached(Entry e, Cached.Source source, boolean stale, Instant now, Class<T> type) {
        Duration age = Duration.between(e.fetchedAt(), now);
        return new Cached<>(e.value(), source, stale, e.fetchedAt(), age.isNegative() ? Duration.ZERO : age);
    }

    @SuppressWarnings("unchecked")
    private static <T> Cached<T> cast(Cached<Object> c, Class<T> type) {
        return (Cached<T>) c;
    }
}
