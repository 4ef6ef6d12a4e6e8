package io.suite.marketdata.client;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.AssetClass;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.marketdata.service.Entitlements;
import io.suite.marketdata.service.MarketClock;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way to Polygon: every request goes through the shared-resilience guard (retry → breaker → shared rate
 * budget → timeout), carries the key as a Bearer header, and follows next_url pages with the header sent again.
 * Every call belongs to an endpoint family ({@link DataFamily}): a family the key is known not to be entitled to is not
 * called at all, and a 403 NOT_AUTHORIZED teaches {@link Entitlements} so no replica calls it again for a while.
 */
@Startup // a malformed key stops start-up, not the first request
@ApplicationScoped
public class PolygonClient {

    private static final Logger LOG = Logger.getLogger(PolygonClient.class);

    private final PolygonApi api;
    private final MarketDataConfig config;
    private final UpstreamGuards guards;
    private final Entitlements entitlements;
    private final MarketClock clock;
    private final String authorization;
    private final String basePath;
    private final PolygonReachability reachability;

    public PolygonClient(@RestClient PolygonApi api, MarketDataConfig config, UpstreamGuards guards, Entitlements entitlements,
            MarketClock clock, PolygonReachability reachability,
            @ConfigProperty(name = "quarkus.rest-client.polygon.url") String baseUrl) {
        this.api = api;
        this.reachability = reachability;
        this.config = config;
        this.guards = guards;
        this.entitlements = entitlements;
        this.clock = clock;
        this.authorization = "Bearer " + validKey(config.polygon().apiKey());
        this.basePath = URI.create(baseUrl).getPath();
    }

    /** Start-up check of the key's shape; the message names the setting, never the value. */
    static String validKey(String key) {
        if (key == null || key.isBlank() || key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalStateException("marketdata.polygon.api-key (POLYGON_API_KEY) must be a non-blank key without spaces");
        }
        return key;
    }

    public UpstreamGuard guard() {
        return guards.get(config.polygon().guard());
    }

    // ---- quotes -----------------------------------------------------------------------------------------------

    /** Last trade and NBBO (or a pair's last trade / last quote); either half may be missing, refused or unknown. */
    public record Live(Quote.Trade trade, Quote.Nbbo nbbo, boolean delayed, List<String> refused, boolean notFound) {
    }

    /**
     * The real-time halves of a quote. Last trade and NBBO are one unit against the budget: both permits at once (taken
     * one by one, a quote could hold the first and starve waiting for the second: deploy/bench/marketdata measured 14 of
     * 20 calls wasted so). A half the key may not read costs no permit and never fails the other half.
     */
    public Uni<Live> live(Ticker ticker) {
        DataFamily trades = DataFamily.of(ticker.assetClass(), DataFamily.Kind.TRADES);
        DataFamily quotes = DataFamily.of(ticker.assetClass(), DataFamily.Kind.NBBO);
        String[] pair = ticker.pair();
        if (ticker.assetClass() == AssetClass.CRYPTO && pair == null) {
            trades = null; // a pair whose currencies we cannot tell apart: the snapshot and aggregates still serve it
        }
        DataFamily t = trades;
        DataFamily q = quotes;
        return decide(t).chain(dt -> decide(q).chain(dq -> {
            List<String> refused = new ArrayList<>();
            if (t != null && !dt.allowed()) {
                refused.add(t.label());
            }
            if (q != null && !dq.allowed()) {
                refused.add(q.label());
            }
            boolean wantTrade = t != null && dt.allowed();
            boolean wantQuote = q != null && dq.allowed();
            if (!wantTrade && !wantQuote) {
                return Uni.createFrom().item(new Live(null, null, false, refused, false));
            }
            AtomicBoolean delayed = new AtomicBoolean(entitlements.declaredDelayed());
            AtomicInteger notFound = new AtomicInteger();
            Uni<Quote.Trade> tradeHalf = wantTrade ? half(t, () -> tradeCall(ticker, delayed), refused, notFound)
                    : Uni.createFrom().nullItem();
            Uni<Quote.Nbbo> quoteHalf = wantQuote ? half(q, () -> quoteCall(ticker, delayed), refused, notFound)
                    : Uni.createFrom().nullItem();
            int permits = (wantTrade ? 1 : 0) + (wantQuote ? 1 : 0);
            String endpoint = wantTrade && wantQuote ? "GET /v2/last/trade+nbbo" : wantTrade ? "GET last trade" : "GET last quote";
            return call(endpoint, permits, () -> Uni.createFrom().deferred(() -> {
                notFound.set(0);
                return tradeHalf.chain(tr -> quoteHalf.map(nb -> new Live(tr, nb, delayed.get(), refused,
                        notFound.get() == permits)));
            }))
                    .onFailure(f -> !(f instanceof ProblemException)).call(f -> release(t, dt).chain(() -> release(q, dq)));
        }));
    }

    private Uni<Quote.Trade> tradeCall(Ticker ticker, AtomicBoolean delayed) {
        if (ticker.assetClass() == AssetClass.CRYPTO) {
            String[] pair = ticker.pair();
            return api.lastCryptoTrade(authorization, pair[0], pair[1]).map(PolygonMapping::cryptoTrade);
        }
        return api.lastTrade(authorization, ticker.symbol()).map(body -> {
            if (PolygonMapping.delayed(PolygonMapping.parse(body))) {
                delayed.set(true);
            }
            return PolygonMapping.trade(body);
        });
    }

    private Uni<Quote.Nbbo> quoteCall(Ticker ticker, AtomicBoolean delayed) {
        if (ticker.assetClass() == AssetClass.FX) {
            String[] pair = ticker.pair();
            return api.lastCurrencyQuote(authorization, pair[0], pair[1]).map(PolygonMapping::currencyQuote);
        }
        return api.lastNbbo(authorization, ticker.symbol()).map(body -> {
            if (PolygonMapping.delayed(PolygonMapping.parse(body))) {
                delayed.set(true);
            }
            return PolygonMapping.nbbo(body);
        });
    }

    /** One half of a live quote: a 404 is "nothing to show", a 403 is learned and skipped; neither fails the other half. */
    private <T> Uni<T> half(DataFamily family, Supplier<Uni<T>> request, List<String> refused,
            AtomicInteger notFound) {
        return Uni.createFrom().<T>deferred(request::get).call(x -> entitlements.entitled(family))
                .onFailure(PolygonClient::notFound).recoverWithUni(f -> {
                    notFound.incrementAndGet();
                    return entitlements.entitled(family).replaceWith((T) null);
                })
                .onFailure(PolygonClient::forbidden).recoverWithUni(f -> {
                    synchronized (refused) {
                        if (!refused.contains(family.label())) {
                            refused.add(family.label());
                        }
                    }
                    return entitlements.forbidden(family, message(f)).replaceWith((T) null);
                });
    }

    /** The ticker snapshot (stocks, crypto, forex) or the index value (indices), as a quote. */
    public Uni<Quote> snapshot(Ticker ticker) {
        DataFamily family = DataFamily.of(ticker.assetClass(), DataFamily.Kind.SNAPSHOTS);
        return switch (ticker.assetClass()) {
            case INDICES -> single(family, "GET /v3/snapshot/indices", () -> api.indicesSnapshot(authorization, ticker.symbol()))
                    .map(reply -> indexValue(ticker, reply));
            case STOCKS -> single(family, "GET /v2/snapshot/stocks/tickers", () -> api.stockSnapshot(authorization, ticker.symbol()))
                    .map(r -> PolygonMapping.snapshot(ticker, r, delayed(r.status())));
            case CRYPTO -> single(family, "GET /v2/snapshot/crypto/tickers", () -> api.cryptoSnapshot(authorization, ticker.symbol()))
                    .map(r -> PolygonMapping.snapshot(ticker, r, delayed(r.status())));
            case FX -> single(family, "GET /v2/snapshot/forex/tickers", () -> api.forexSnapshot(authorization, ticker.symbol()))
                    .map(r -> PolygonMapping.snapshot(ticker, r, delayed(r.status())));
        };
    }

    private boolean delayed(String status) {
        return entitlements.declaredDelayed() || "DELAYED".equalsIgnoreCase(status);
    }

    /** The indices snapshot reports per-ticker errors inside a 200: NOT_ENTITLED (this index) or NOT_FOUND. */
    private Quote indexValue(Ticker ticker, PolygonReplies.IndicesSnapshot reply) {
        PolygonReplies.IndexValue v = reply == null || reply.results() == null ? null : reply.results().stream()
                .filter(r -> ticker.symbol().equalsIgnoreCase(r.ticker()) || ticker.bare().equalsIgnoreCase(r.ticker()))
                .findFirst().orElse(null);
        if (v == null || "NOT_FOUND".equals(v.error())) {
            return null;
        }
        if (v.error() != null) {
            throw new NotEntitledException(DataFamily.INDICES_SNAPSHOTS, NotEntitledException.Reason.PLAN, v.message(), null);
        }
        return PolygonMapping.indexValue(ticker, v, entitlements.declaredDelayed());
    }

    /** Today's latest minute bar, or null before the first one. */
    public Uni<Bar> latestMinute(Ticker ticker, LocalDate today) {
        DataFamily family = DataFamily.of(ticker.assetClass(), DataFamily.Kind.AGGREGATES);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("adjusted", "true");
        query.put("sort", "desc");
        query.put("limit", "1");
        return single(family, "GET /v2/aggs/ticker/range", () -> api.aggregates(authorization, ticker.symbol(), "1", "minute",
                today.toString(), today.toString(), query)).map(body -> {
                    JsonNode results = PolygonMapping.parse(body).path("results");
                    return results.isArray() && !results.isEmpty() ? PolygonMapping.bar(results.get(0)) : null;
                });
    }

    /** The previous session's bar of one ticker ({@code /v2/aggs/ticker/{t}/prev}), or null when the upstream has none. */
    public Uni<Bar> previousClose(Ticker ticker) {
        DataFamily family = DataFamily.of(ticker.assetClass(), DataFamily.Kind.AGGREGATES);
        return single(family, "GET /v2/aggs/ticker/prev", () -> api.previousClose(authorization, ticker.symbol(), true))
                .map(r -> r == null || r.results() == null || r.results().isEmpty() ? null : PolygonMapping.bar(r.results().get(0)));
    }

    /** Every US stock's bar of {@code session} in one call: ticker → bar. */
    public Uni<Map<String, Bar>> groupedDaily(LocalDate session) {
        return single(DataFamily.STOCKS_AGGREGATES, "GET /v2/aggs/grouped/stocks",
                () -> api.groupedDaily(authorization, session.toString(), true)).map(r -> {
                    Map<String, Bar> out = new LinkedHashMap<>();
                    if (r != null && r.results() != null) {
                        for (PolygonReplies.Agg a : r.results()) {
                            try {
                                Bar b = PolygonMapping.bar(a);
                                if (b != null && a.ticker() != null) {
                                    out.put(a.ticker(), b);
                                }
                            } catch (UpstreamException e) {
                                LOG.debugf("skipping the grouped bar of %s: %s", a.ticker(), e.getMessage());
                            }
                        }
                    }
                    return out;
                });
    }

    // ---- option chains ----------------------------------------------------------------------------------------

    /** The chain with prices, greeks and volume (the options snapshot), all next_url pages followed. */
    public Uni<OptionChain> optionChain(CacheKey.ChainKey key) {
        Map<String, String> query = chainFilters(key, "strike_price", config.polygon().chainPageLimit());
        if (key.expirationFrom() != null) {
            query.put("expiration_date.gte", key.expirationFrom().toString());
        }
        if (key.expirationTo() != null) {
            query.put("expiration_date.lte", key.expirationTo().toString());
        }
        String underlying = key.ticker().symbol();
        AtomicBoolean delayed = new AtomicBoolean(entitlements.declaredDelayed());
        return entitlements.mayCall(DataFamily.OPTIONS_SNAPSHOTS).chain(d -> d.allowed()
                ? chainPages(underlying, query, new ArrayList<>(), 1, delayed, d)
                        .map(contracts -> new OptionChain(contracts, OptionChain.Source.SNAPSHOT, delayed.get()))
                : Uni.createFrom().failure(new NotEntitledException(DataFamily.OPTIONS_SNAPSHOTS, NotEntitledException.Reason.PLAN,
                        d.reason(), null)));
    }

    private Map<String, String> chainFilters(CacheKey.ChainKey key, String strike, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", String.valueOf(limit));
        if (key.contractType() != null) {
            query.put("contract_type", key.contractType().label());
        }
        if (key.strikeMin() != null) {
            query.put(strike + ".gte", key.strikeMin().toPlainString());
        }
        if (key.strikeMax() != null) {
            query.put(strike + ".lte", key.strikeMax().toPlainString());
        }
        return query;
    }

    private Uni<List<OptionContract>> chainPages(String underlying, Map<String, String> query, List<OptionContract> acc,
            int page, AtomicBoolean delayed, Entitlements.Decision decision) {
        return guardedFamily(DataFamily.OPTIONS_SNAPSHOTS, decision, "GET /v3/snapshot/options",
                () -> api.optionChain(authorization, underlying, query)).chain(body -> {
                    JsonNode root = PolygonMapping.parse(body);
                    if (PolygonMapping.delayed(root)) {
                        delayed.set(true);
                    }
                    for (JsonNode r : root.path("results")) {
                        if (PolygonMapping.delayedContract(r)) {
                            delayed.set(true);
                        }
                        OptionContract c = PolygonMapping.contract(underlying, r);
                        if (c != null) {
                            acc.add(c);
                        }
                    }
                    String next = PolygonMapping.text(root, "next_url");
                    if (next == null) {
                        return Uni.createFrom().item(acc);
                    }
                    NextUrl url = NextUrl.parse(next, basePath);
                    if (!url.startsWith("v3", "snapshot", "options") || url.segments().size() != 4) {
                        return Uni.createFrom().failure(PolygonMapping.unexpected("next_url of the option chain has an unexpected path"));
                    }
                    if (page >= config.polygon().maxPages()) {
                        LOG.warnf("option chain of %s stopped after %d pages", underlying, page);
                        return Uni.createFrom().item(acc);
                    }
                    return chainPages(url.segments().get(3), url.query(), acc, page + 1, delayed,
                            new Entitlements.Decision(true, false, null));
                });
    }

    /**
     * The chain's contracts from reference data (on every plan): the same filters, every next_url page, no prices.
     * Index options name their underlying without the {@code I:} prefix ({@code SPX}).
     */
    public Uni<OptionChain> optionReference(CacheKey.ChainKey key) {
        Map<String, String> query = chainFilters(key, "strike_price", config.polygon().referencePageLimit());
        query.put("underlying_ticker", key.ticker().bare());
        if (key.expirationFrom() != null) {
            query.put("expiration_date.gte", key.expirationFrom().toString());
        }
        if (key.expirationTo() != null) {
            query.put("expiration_date.lte", key.expirationTo().toString());
        }
        String underlying = key.ticker().symbol();
        return entitlements.mayCall(DataFamily.OPTIONS_REFERENCE).chain(d -> d.allowed()
                ? referencePages(underlying, query, new ArrayList<>(), 1, d)
                        .map(contracts -> new OptionChain(contracts, OptionChain.Source.REFERENCE, false))
                : Uni.createFrom().failure(new NotEntitledException(DataFamily.OPTIONS_REFERENCE, NotEntitledException.Reason.PLAN,
                        d.reason(), null)));
    }

    private Uni<List<OptionContract>> referencePages(String underlying, Map<String, String> query, List<OptionContract> acc,
            int page, Entitlements.Decision decision) {
        return guardedFamily(DataFamily.OPTIONS_REFERENCE, decision, "GET /v3/reference/options/contracts",
                () -> api.optionContracts(authorization, query)).chain(reply -> {
                    if (reply != null && reply.results() != null) {
                        for (PolygonReplies.ContractRef r : reply.results()) {
                            OptionContract c = PolygonMapping.reference(underlying, r);
                            if (c != null) {
                                acc.add(c);
                            }
                        }
                    }
                    String next = reply == null ? null : reply.nextUrl();
                    if (next == null || next.isBlank()) {
                        return Uni.createFrom().item(acc);
                    }
                    NextUrl url = NextUrl.parse(next, basePath);
                    if (!url.startsWith("v3", "reference", "options", "contracts") || url.segments().size() != 4) {
                        return Uni.createFrom().failure(PolygonMapping.unexpected("next_url of the option contracts has an unexpected path"));
                    }
                    if (page >= config.polygon().maxPages()) {
                        LOG.warnf("option contracts of %s stopped after %d pages", underlying, page);
                        return Uni.createFrom().item(acc);
                    }
                    return referencePages(underlying, url.query(), acc, page + 1, new Entitlements.Decision(true, false, null));
                });
    }

    // ---- bars -------------------------------------------------------------------------------------------------

    /**
     * Bars of {@code ticker} from {@code from} to {@code to}, every next_url page stitched. A 403 "Your plan doesn't
     * include this data timeframe" is learned as the plan's history window and answered as a TIMEFRAME refusal.
     */
    public Uni<BarSeries> bars(Ticker ticker, int multiplier, Timespan timespan, LocalDate from, LocalDate to, boolean adjusted) {
        DataFamily family = DataFamily.of(ticker.assetClass(), DataFamily.Kind.AGGREGATES);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("adjusted", String.valueOf(adjusted));
        query.put("sort", "asc");
        query.put("limit", String.valueOf(config.polygon().barsPageLimit()));
        LocalDate today = clock.tradingDate();
        return entitlements.mayCall(family).chain(d -> {
            if (!d.allowed()) {
                return Uni.createFrom().<List<Bar>>failure(new NotEntitledException(family, NotEntitledException.Reason.PLAN,
                        d.reason(), null));
            }
            return barPages(family, d, List.of(ticker.symbol(), String.valueOf(multiplier), timespan.label(), from.toString(),
                    to.toString()), query, new ArrayList<>(), 1);
        }).onFailure(NotEntitledException.class).call(f -> {
            NotEntitledException e = (NotEntitledException) f;
            return e.reason() == NotEntitledException.Reason.TIMEFRAME
                    ? entitlements.historyRefused(ticker.assetClass(), from, today, e.upstreamMessage())
                    : Uni.createFrom().voidItem();
        }).onFailure(NotEntitledException.class).transform(f -> {
            NotEntitledException e = (NotEntitledException) f;
            return e.reason() == NotEntitledException.Reason.TIMEFRAME
                    ? new NotEntitledException(family, NotEntitledException.Reason.TIMEFRAME, e.upstreamMessage(), from)
                    : e;
        }).call(bars -> entitlements.historyAnswered(ticker.assetClass(), from, today))
                .map(bars -> new BarSeries(from, to, bars));
    }

    /** @param path ticker, multiplier, timespan, from, to */
    private Uni<List<Bar>> barPages(DataFamily family, Entitlements.Decision decision, List<String> path, Map<String, String> query,
            List<Bar> acc, int page) {
        return guardedFamily(family, decision, "GET /v2/aggs/ticker/range", () -> api.aggregates(authorization, path.get(0),
                path.get(1), path.get(2), path.get(3), path.get(4), query)).chain(body -> {
                    JsonNode root = PolygonMapping.parse(body);
                    for (JsonNode r : root.path("results")) {
                        acc.add(PolygonMapping.bar(r));
                    }
                    String next = PolygonMapping.text(root, "next_url");
                    if (next == null) {
                        return Uni.createFrom().item(acc);
                    }
                    NextUrl url = NextUrl.parse(next, basePath);
                    if (!url.startsWith("v2", "aggs", "ticker") || url.segments().size() != 9
                            || !"range".equals(url.segments().get(4))) {
                        return Uni.createFrom().failure(PolygonMapping.unexpected("next_url of aggregates has an unexpected path"));
                    }
                    if (page >= config.polygon().maxPages()) {
                        LOG.warnf("bars of %s stopped after %d pages", path.get(0), page);
                        return Uni.createFrom().item(acc);
                    }
                    return barPages(family, new Entitlements.Decision(true, false, null),
                            url.segments().subList(3, 9).stream().filter(s -> !"range".equals(s)).toList(), url.query(), acc,
                            page + 1);
                });
    }

    // ---- guarded calls ----------------------------------------------------------------------------------------

    /** Upstream loads held by the guard right now (beyond its {@code max-queued} a load fails fast). */
    public int pending() {
        return guard().held();
    }

    private Uni<Entitlements.Decision> decide(DataFamily family) {
        return family == null ? Uni.createFrom().item(new Entitlements.Decision(false, false, null)) : entitlements.mayCall(family);
    }

    private Uni<Void> release(DataFamily family, Entitlements.Decision d) {
        return family != null && d.probe() ? entitlements.releaseProbe(family) : Uni.createFrom().voidItem();
    }

    /** One call of one family, after asking whether the key may make it. */
    private <T> Uni<T> single(DataFamily family, String endpoint, Supplier<Uni<T>> request) {
        return entitlements.mayCall(family).chain(d -> d.allowed() ? guardedFamily(family, d, endpoint, request)
                : Uni.createFrom().failure(new NotEntitledException(family, NotEntitledException.Reason.PLAN, d.reason(), null)));
    }

    /**
     * A guarded call of a family the key may call: a 2xx confirms the entitlement, a 403 becomes a
     * {@link NotEntitledException} (learned as a refusal of the family, unless it is about the history timeframe), and a
     * probe that gets no verdict is released for the next caller.
     */
    private <T> Uni<T> guardedFamily(DataFamily family, Entitlements.Decision decision, String endpoint, Supplier<Uni<T>> request) {
        return call(endpoint, 1, request)
                .call(x -> entitlements.entitled(family))
                .onFailure(PolygonClient::notFound).call(f -> entitlements.entitled(family)) // access was checked first
                .onFailure(PolygonClient::forbidden).recoverWithUni(f -> {
                    String message = message(f);
                    if (timeframe(message)) {
                        // the plan has the family, only not that far back
                        return entitlements.entitled(family).chain(() -> Uni.createFrom().<T>failure(new NotEntitledException(
                                family, NotEntitledException.Reason.TIMEFRAME, message, null)));
                    }
                    return entitlements.forbidden(family, message).chain(() -> Uni.createFrom()
                            .<T>failure(new NotEntitledException(family, NotEntitledException.Reason.PLAN, message, null)));
                })
                .onFailure(f -> decision.probe() && !(f instanceof ProblemException)).call(f -> entitlements.releaseProbe(family));
    }

    private <T> Uni<T> call(String endpoint, int permits, Supplier<Uni<T>> request) {
        return guard().<T>call(endpoint, null, permits, request)
                .onItem().invoke(reachability::answered)
                .onFailure(UpstreamException.class).invoke(f -> reachability.failed((UpstreamException) f));
    }

    /** The upstream's 403: NOT_AUTHORIZED, for a family ("not entitled") or a history timeframe. */
    static boolean forbidden(Throwable f) {
        return f instanceof UpstreamRejectedException r && r.status() == 403;
    }

    static boolean notFound(Throwable f) {
        return f instanceof UpstreamRejectedException r && r.status() == 404;
    }

    static boolean timeframe(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("timeframe");
    }

    private static String message(Throwable f) {
        return f instanceof UpstreamException u ? u.upstreamMessage().orElse(u.getMessage()) : f.getMessage();
    }
}
