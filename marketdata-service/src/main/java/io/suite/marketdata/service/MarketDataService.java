package io.suite.marketdata.service;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.client.NotEntitledException;
import io.suite.marketdata.client.PolygonClient;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.marketdata.repository.CacheRepository;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Quotes, option chains and bars through the cache; the chain's local filters and keyset paging. */
@ApplicationScoped
public class MarketDataService {

    static final Comparator<OptionContract> CHAIN_ORDER = Comparator.comparing(OptionContract::expiration)
            .thenComparing(OptionContract::strike).thenComparing(OptionContract::ticker);

    private final MarketDataCache cache;
    private final PolygonClient polygon;
    private final CacheRepository repository;
    private final QuoteService quotes;
    private final BarsService bars;
    private final MarketClock clock;
    private final MarketDataConfig config;

    public MarketDataService(MarketDataCache cache, PolygonClient polygon, CacheRepository repository, QuoteService quotes,
            BarsService bars, MarketClock clock, MarketDataConfig config) {
        this.clock = clock;
        this.config = config;
        this.cache = cache;
        this.polygon = polygon;
        this.repository = repository;
        this.quotes = quotes;
        this.bars = bars;
    }

    /** The best quote the key may read (see {@link QuoteService}), cached for as long as its kind of data stays true. */
    public Uni<Cached<Quote>> quote(Ticker ticker) {
        CacheKey.QuoteKey key = new CacheKey.QuoteKey(ticker);
        return cache.get(key, Quote.class, () -> quotes.load(ticker));
    }

    public Uni<ChainPage> optionChain(OptionsQuery q) {
        CacheKey.ChainKey key = new CacheKey.ChainKey(q.ticker(), q.expirationFrom(), q.expirationTo(), q.contractType(),
                q.strikeMin(), q.strikeMax());
        return cache.get(key, OptionChain.class, () -> loadChain(key)).map(c -> page(q, c));
    }

    /**
     * The options snapshot (prices, greeks, volume) when the key may read it; without that entitlement the same
     * contracts from reference data, prices null and {@code source: reference} stated.
     */
    Uni<OptionChain> loadChain(CacheKey.ChainKey key) {
        return polygon.optionChain(key).onFailure(f -> f instanceof NotEntitledException e
                && e.family() == DataFamily.OPTIONS_SNAPSHOTS).recoverWithUni(f -> polygon.optionReference(key));
    }

    static ChainPage page(OptionsQuery q, Cached<OptionChain> cached) {
        List<OptionContract> matching = cached.value().contracts().stream()
                .filter(c -> q.expirationFrom() == null || !c.expiration().isBefore(q.expirationFrom()))
                .filter(c -> q.expirationTo() == null || !c.expiration().isAfter(q.expirationTo()))
                .filter(c -> q.contractType() == null || c.contractType() == q.contractType())
                .filter(c -> q.strikeMin() == null || c.strike().compareTo(q.strikeMin()) >= 0)
                .filter(c -> q.strikeMax() == null || c.strike().compareTo(q.strikeMax()) <= 0)
                .filter(c -> q.minVolume() == null || (c.volume() != null && c.volume() >= q.minVolume()))
                .filter(c -> q.minOpenInterest() == null
                        || (c.openInterest() != null && c.openInterest() >= q.minOpenInterest()))
                .sorted(CHAIN_ORDER)
                .toList();
        List<OptionContract> after = matching;
        if (q.after() != null) {
            OptionsQuery.ChainCursor a = q.after();
            after = matching.stream().filter(c -> {
                int byExp = c.expiration().compareTo(a.expiration());
                if (byExp != 0) {
                    return byExp > 0;
                }
                int byStrike = c.strike().compareTo(a.strike());
                return byStrike != 0 ? byStrike > 0 : c.ticker().compareTo(a.ticker()) > 0;
            }).toList();
        }
        List<OptionContract> page = after.size() > q.limit() ? after.subList(0, q.limit()) : after;
        OptionsQuery.ChainCursor next = null;
        if (after.size() > q.limit()) {
            OptionContract last = page.get(page.size() - 1);
            next = new OptionsQuery.ChainCursor(last.expiration(), last.strike(), last.ticker());
        }
        return new ChainPage(List.copyOf(page), matching.size(), next, q.expirationFrom(), q.expirationTo(),
                cached.value().source(), cached.value().delayed(), cached);
    }

    /**
     * Bars of {@code from}..{@code to}, the part after today (New York) left out. A range that runs backwards, lies in
     * the future or spans more than {@code marketdata.historical.max-bars} bars is a 400 naming the field.
     */
    public Uni<BarsService.Answer> bars(Ticker ticker, int multiplier, Timespan timespan, LocalDate from, LocalDate to,
            boolean adjusted) {
        if (from.isAfter(to)) {
            throw ProblemException.invalidField("from", "must not be after to");
        }
        LocalDate today = clock.tradingDate();
        if (from.isAfter(today)) {
            throw ProblemException.invalidField("from", "the range lies entirely in the future");
        }
        LocalDate last = to.isAfter(today) ? today : to;
        Duration covered = Duration.ofDays(last.toEpochDay() - from.toEpochDay() + 1);
        long count = covered.toSeconds() / (timespan.approximateLength().toSeconds() * multiplier);
        if (count > config.historical().maxBars()) {
            throw ProblemException.invalidField("to", "the range spans about " + count + " bars; at most "
                    + config.historical().maxBars() + " per request (narrow the range or use a larger timespan)");
        }
        return bars.bars(ticker, multiplier, timespan, from, last, adjusted);
    }

    /** Outcome of refreshing one key. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RefreshOutcome(String key, boolean refreshed, String detail) {
    }

    /** Reloads the named keys, and for a ticker its quote plus every key cached for it, one after the other. */
    public Uni<List<RefreshOutcome>> refresh(List<CacheKey> keys, Ticker ticker) {
        Uni<List<CacheKey>> all = ticker == null ? Uni.createFrom().item(keys)
                : repository.keysOf(ticker.symbol()).map(stored -> {
                    Set<String> seen = new LinkedHashSet<>();
                    List<CacheKey> out = new ArrayList<>();
                    for (CacheKey k : keys) {
                        if (seen.add(k.asString())) {
                            out.add(k);
                        }
                    }
                    CacheKey quote = new CacheKey.QuoteKey(ticker);
                    if (seen.add(quote.asString())) {
                        out.add(quote);
                    }
                    for (String s : stored) {
                        if (seen.add(s)) {
                            out.add(CacheKey.parse(s));
                        }
                    }
                    return out;
                });
        return all.onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::refreshOne)
                .collect().asList();
    }

    private Uni<RefreshOutcome> refreshOne(CacheKey key) {
        Uni<? extends Cached<?>> reload;
        if (key instanceof CacheKey.QuoteKey q) {
            reload = cache.refresh(q, Quote.class, () -> quotes.load(q.ticker()));
        } else if (key instanceof CacheKey.ChainKey c) {
            reload = cache.refresh(c, OptionChain.class, () -> loadChain(c));
        } else {
            CacheKey.BarsKey b = (CacheKey.BarsKey) key;
            LocalDate today = clock.tradingDate();
            reload = cache.refresh(b, BarSeries.class, () -> polygon.bars(b.ticker(), b.multiplier(), b.timespan(), b.from(),
                    b.to().isAfter(today) ? today : b.to(), b.adjusted()));
        }
        return reload.map(c -> c.stale()
                ? new RefreshOutcome(key.asString(), false, "upstream unavailable; last good data kept")
                : new RefreshOutcome(key.asString(), true, "refreshed"))
                .onFailure().recoverWithItem(f -> new RefreshOutcome(key.asString(), false,
                        f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage()));
    }
}
