package io.suite.marketdata.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.client.NotEntitledException;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.BarBuckets;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataType;
import io.suite.marketdata.domain.MarketHours;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.resilience.coalesce.SingleFlight;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Historical bars within what the plan serves, cached by bucket ({@link BarBuckets}). A request starting before the
 * plan's history window is a 400 naming {@code from} and the earliest day allowed (declared, or learned from the
 * upstream's 403); on an end-of-day plan a range reaching today ends at the latest complete session, and says so.
 * Buckets missing from both cache levels are fetched together, one upstream call (and its pages) per contiguous run.
 */
@ApplicationScoped
public class BarsService {

    /** The bars of the effective range, where they came from, and a note when the range was changed. */
    public record Answer(LocalDate from, LocalDate to, Cached<BarSeries> bars, String note) {
    }

    private final MarketDataCache cache;
    private final EntitlementGuard polygon;
    private final Entitlements entitlements;
    private final MarketClock clock;
    private final MarketDataConfig config;
    private final SingleFlight<String, List<Cached<BarSeries>>> runs = new SingleFlight<>();

    public BarsService(MarketDataCache cache, EntitlementGuard polygon, Entitlements entitlements, MarketClock clock,
            MarketDataConfig config) {
        this.cache = cache;
        this.polygon = polygon;
        this.entitlements = entitlements;
        this.clock = clock;
        this.config = config;
    }

    /** @param to already cut to today */
    public Uni<Answer> bars(Ticker ticker, int multiplier, Timespan span, LocalDate from, LocalDate to, boolean adjusted) {
        return entitlements.refreshHistory(ticker.assetClass()).chain(() -> Uni.createFrom().deferred(() -> {
            LocalDate today = clock.tradingDate();
            LocalDate first = from;
            LocalDate last = to;
            LocalDate servable = today;
            String note = null;
            if (entitlements.endOfDay(ticker.assetClass())) {
                LocalDate complete = MarketHours.latestCompleteSession(clock.now(), config.polygon().endOfDayDelay());
                servable = complete;
                if (last.isAfter(complete)) {
                    last = complete;
                    if (first.isAfter(last)) {
                        first = last;
                    }
                    note = "the plan serves end-of-day data: bars end with " + complete + ", the latest complete session "
                            + "(a session's bars are out " + config.polygon().endOfDayDelay().toMinutes()
                            + " minutes after its 16:00 America/New_York close)";
                }
            }
            Optional<LocalDate> earliest = entitlements.earliestHistory(ticker.assetClass(), today);
            if (earliest.isPresent() && first.isBefore(earliest.get())) {
                throw beyondWindow(ticker, earliest.get());
            }
            LocalDate f = first;
            LocalDate l = last;
            LocalDate s = servable;
            String n = note;
            List<CacheKey.BarsKey> keys = BarBuckets.keys(ticker, multiplier, span, f, l, adjusted);
            return cache.peek(keys, BarSeries.class).chain(found -> fill(ticker, multiplier, span, adjusted, keys, found, f, l, s))
                    .map(parts -> new Answer(f, l, assemble(parts, span, multiplier, BarBuckets.zone(ticker.assetClass()), f, l), n))
                    .onFailure(NotEntitledException.class).transform(e -> timeframe((NotEntitledException) e, ticker));
        }));
    }

    private ProblemException beyondWindow(Ticker ticker, LocalDate earliest) {
        String why = entitlements.historyReason(ticker.assetClass());
        return ProblemException.invalidField("from", "is before " + earliest + ", the earliest day the Polygon/Massive plan's "
                + ticker.assetClass().label() + " history reaches" + (why == null ? "" : " (" + why + ")"));
    }

    /** A 403 timeframe from the upstream: the window is learned now; the client gets the 400 naming {@code from}. */
    private Throwable timeframe(NotEntitledException e, Ticker ticker) {
        if (e.reason() != NotEntitledException.Reason.TIMEFRAME) {
            return e;
        }
        return entitlements.earliestHistory(ticker.assetClass(), clock.tradingDate()).<Throwable> map(d -> beyondWindow(ticker, d))
                .orElseGet(() -> ProblemException.invalidField("from", "lies before the history the Polygon/Massive plan serves ("
                        + e.upstreamMessage() + ")"));
    }

    /** Keeps fresh buckets that cover what is needed; fetches the others, contiguous ones in one upstream call. */
    private Uni<List<Cached<BarSeries>>> fill(Ticker ticker, int multiplier, Timespan span, boolean adjusted,
            List<CacheKey.BarsKey> keys, List<Cached<BarSeries>> found, LocalDate from, LocalDate to, LocalDate servable) {
        List<Cached<BarSeries>> parts = new ArrayList<>(found);
        List<int[]> missingRuns = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!usable(parts.get(i), keys.get(i), from, to) || parts.get(i).stale()) {
                if (!missingRuns.isEmpty() && missingRuns.get(missingRuns.size() - 1)[1] == i - 1) {
                    missingRuns.get(missingRuns.size() - 1)[1] = i;
                } else {
                    missingRuns.add(new int[] { i, i });
                }
            }
        }
        if (missingRuns.isEmpty()) {
            return Uni.createFrom().item(parts);
        }
        ZoneId zone = BarBuckets.zone(ticker.assetClass());
        return Multi.createFrom().iterable(missingRuns).onItem().transformToUniAndConcatenate(run -> {
            CacheKey.BarsKey firstKey = keys.get(run[0]);
            CacheKey.BarsKey lastKey = keys.get(run[1]);
            LocalDate fetchFrom = firstKey.from().isBefore(from) ? from : firstKey.from();
            LocalDate fetchTo = lastKey.to().isAfter(servable) ? servable : lastKey.to();
            if (!BarBuckets.bucketed(span, multiplier)) {
                fetchTo = to;
            }
            LocalDate ff = fetchFrom;
            LocalDate ft = fetchTo.isBefore(fetchFrom) ? fetchFrom : fetchTo;
            String flight = ticker + ":" + multiplier + ":" + span.label() + ":" + adjusted + ":" + ff + ":" + ft;
            return runs.run(flight, () -> {
                cache.countLoad(DataType.BARS, run[1] - run[0] + 1);
                return polygon.bars(ticker, multiplier, span, ff, ft, adjusted).chain(series -> {
                    List<Uni<Cached<BarSeries>>> stores = new ArrayList<>();
                    for (int i = run[0]; i <= run[1]; i++) {
                        CacheKey.BarsKey k = keys.get(i);
                        LocalDate coverFrom = k.from().isBefore(ff) ? ff : k.from();
                        LocalDate coverTo = k.to().isAfter(ft) ? ft : k.to();
                        stores.add(cache.put(k, new BarSeries(coverFrom, coverTo, BarBuckets.slice(series.bars(), k, i == run[0], zone))));
                    }
                    return Multi.createFrom().iterable(stores).onItem().transformToUniAndConcatenate(u -> u).collect().asList();
                });
            }).onFailure(MarketDataCache::degradable).recoverWithUni(f -> {
                // the upstream cannot be asked now: last good buckets, marked stale, if every one of the run has one
                List<Cached<BarSeries>> stale = new ArrayList<>();
                for (int i = run[0]; i <= run[1]; i++) {
                    Cached<BarSeries> c = parts.get(i);
                    if (!usable(c, keys.get(i), from, to)) {
                        return Uni.createFrom().failure(f);
                    }
                    stale.add(new Cached<>(c.value(), c.source(), true, c.fetchedAt(), c.age()));
                    cache.countStale(DataType.BARS);
                }
                return Uni.createFrom().item(stale);
            }).invoke(fetched -> {
                for (int i = run[0]; i <= run[1]; i++) {
                    parts.set(i, fetched.get(i - run[0]));
                }
            });
        }).collect().last().replaceWith(parts);
    }

    /** A cached bucket answers the request when it was fetched for at least the days the request needs of it. */
    private static boolean usable(Cached<BarSeries> c, CacheKey.BarsKey key, LocalDate from, LocalDate to) {
        if (c == null || c.value() == null) {
            return false;
        }
        LocalDate needFrom = key.from().isBefore(from) ? from : key.from();
        LocalDate needTo = key.to().isAfter(to) ? to : key.to();
        return c.value().covers(needFrom, needTo);
    }

    /** One answer from the buckets: the bars of the range, the oldest fetch time, stale if any part is. */
    private static Cached<BarSeries> assemble(List<Cached<BarSeries>> parts, Timespan span, int multiplier, ZoneId zone,
            LocalDate from, LocalDate to) {
        List<List<Bar>> bars = new ArrayList<>();
        Cached.Source source = Cached.Source.MEMORY;
        boolean stale = false;
        Instant fetchedAt = null;
        Duration age = Duration.ZERO;
        for (Cached<BarSeries> c : parts) {
            bars.add(c.value().bars());
            if (c.source() == Cached.Source.UPSTREAM || (c.source() == Cached.Source.DATABASE && source == Cached.Source.MEMORY)) {
                source = c.source();
            }
            stale |= c.stale();
            if (fetchedAt == null || c.fetchedAt().isBefore(fetchedAt)) {
                fetchedAt = c.fetchedAt();
            }
            if (c.age().compareTo(age) > 0) {
                age = c.age();
            }
        }
        BarSeries series = new BarSeries(from, to, BarBuckets.stitch(bars, span, multiplier, zone, from, to));
        return new Cached<>(series, source, stale, fetchedAt, age);
    }
}
