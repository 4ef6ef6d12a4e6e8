package io.suite.marketdata.client;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.AssetClass;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way to Polygon over HTTP: every request goes through the shared-resilience guard (retry → breaker → shared
 * rate budget → timeout), carries the key as a Bearer header, and follows next_url pages with the header sent again.
 * Replies bind to {@link PolygonReplies} and become domain values through {@link PolygonMapper}; what this instance
 * last saw of Polygon goes to {@link PolygonReachability}. What the key may call is the service layer's business
 * ({@code EntitlementGuard}): a 403 or 404 reaches the caller as the upstream's {@link UpstreamRejectedException}.
 */
@Startup // a malformed key stops start-up, not the first request
@ApplicationScoped
public class PolygonClient {

    private static final Logger LOG = Logger.getLogger(PolygonClient.class);

    private final PolygonApi api;
    private final MarketDataConfig config;
    private final UpstreamGuards guards;
    private final String authorization;
    private final String basePath;
    private final PolygonReachability reachability;

    public PolygonClient(@RestClient PolygonApi api, MarketDataConfig config, UpstreamGuards guards,
            PolygonReachability reachability) {
        this.api = api;
        this.reachability = reachability;
        this.config = config;
        this.guards = guards;
        this.authorization = "Bearer " + validKey(config.polygon().apiKey());
        this.basePath = config.polygon().url().getPath();
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

    /** Upstream loads held by the guard right now (beyond its {@code max-queued} a load fails fast). */
    public int pending() {
        return guard().held();
    }

    // ---- quotes -----------------------------------------------------------------------------------------------

    /** How the upstream answered one half of a live quote. */
    public enum Outcome {
        ANSWERED,
        NOT_FOUND,
        FORBIDDEN
    }

    /** One half of a live quote: its value, or the upstream's 404 or 403 (with the upstream's words) for it. */
    public record Half<T>(Outcome outcome, T value, String message) {
    }

    /** The halves asked for (null when not asked) and whether the upstream marked either as delayed. */
    public record LiveReply(Half<Quote.Trade> trade, Half<Quote.Nbbo> nbbo, boolean delayed) {
    }

    /**
     * Last trade and NBBO (or a pair's last trade / last quote) as one unit against the budget: both permits at once
     * (taken one by one, a quote could hold the first and starve waiting for the second: deploy/bench/marketdata
     * measured 14 of 20 calls wasted so). A half answered 404 or 403 never fails the other half.
     */
    public Uni<LiveReply> live(Ticker ticker, boolean wantTrade, boolean wantQuote) {
        int permits = (wantTrade ? 1 : 0) + (wantQuote ? 1 : 0);
        String endpoint = wantTrade && wantQuote ? "GET /v2/last/trade+nbbo" : wantTrade ? "GET last trade" : "GET last quote";
        return call(endpoint, permits, () -> Uni.createFrom().deferred(() -> {
            AtomicBoolean delayed = new AtomicBoolean();
            Uni<Half<Quote.Trade>> tradeHalf = wantTrade ? half(tradeCall(ticker, delayed)) : Uni.createFrom().nullItem();
            Uni<Half<Quote.Nbbo>> quoteHalf = wantQuote ? half(quoteCall(ticker, delayed)) : Uni.createFrom().nullItem();
            return tradeHalf.chain(tr -> quoteHalf.map(nb -> new LiveReply(tr, nb, delayed.get())));
        }), Function.identity());
    }

    private Uni<Quote.Trade> tradeCall(Ticker ticker, AtomicBoolean delayed) {
        if (ticker.assetClass() == AssetClass.CRYPTO) {
            String[] pair = ticker.pair();
            return api.lastCryptoTrade(authorization, pair[0], pair[1]).map(PolygonMapper::cryptoTrade);
        }
        return api.lastTrade(authorization, ticker.symbol()).map(reply -> {
            if (reply != null && PolygonMapper.delayed(reply.status())) {
                delayed.set(true);
            }
            return PolygonMapper.trade(reply);
        });
    }

    private Uni<Quote.Nbbo> quoteCall(Ticker ticker, AtomicBoolean delayed) {
        if (ticker.assetClass() == AssetClass.FX) {
            String[] pair = ticker.pair();
            return api.lastCurrencyQuote(authorization, pair[0], pair[1]).map(PolygonMapper::currencyQuote);
        }
        return api.lastNbbo(authorization, ticker.symbol()).map(reply -> {
            if (reply != null && PolygonMapper.delayed(reply.status())) {
                delayed.set(true);
            }
            return PolygonMapper.nbbo(reply);
        });
    }

    private static <T> Uni<Half<T>> half(Uni<T> request) {
        return request.map(v -> new Half<>(Outcome.ANSWERED, v, null))
                .onFailure(PolygonClient::notFound).recoverWithItem(f -> new Half<>(Outcome.NOT_FOUND, null, message(f)))
                .onFailure(PolygonClient::forbidden).recoverWithItem(f -> new Half<>(Outcome.FORBIDDEN, null, message(f)));
    }

    /**
     * The ticker snapshot (stocks, crypto, forex) or the index value (indices), as a quote; {@code delayedPlan} marks it
     * delayed whatever the upstream says. An index the key may not read is a {@link NotEntitledException}.
     */
    public Uni<Quote> snapshot(Ticker ticker, boolean delayedPlan) {
        return switch (ticker.assetClass()) {
            case INDICES -> call("GET /v3/snapshot/indices", 1, () -> api.indicesSnapshot(authorization, ticker.symbol()),
                    reply -> indexValue(ticker, reply, delayedPlan));
            case STOCKS -> call("GET /v2/snapshot/stocks/tickers", 1, () -> api.stockSnapshot(authorization, ticker.symbol()),
                    r -> PolygonMapper.snapshot(ticker, r, delayedPlan || PolygonMapper.delayed(r.status())));
            case CRYPTO -> call("GET /v2/snapshot/crypto/tickers", 1, () -> api.cryptoSnapshot(authorization, ticker.symbol()),
                    r -> PolygonMapper.snapshot(ticker, r, delayedPlan || PolygonMapper.delayed(r.status())));
            case FX -> call("GET /v2/snapshot/forex/tickers", 1, () -> api.forexSnapshot(authorization, ticker.symbol()),
                    r -> PolygonMapper.snapshot(ticker, r, delayedPlan || PolygonMapper.delayed(r.status())));
        };
    }

    /** The indices snapshot reports per-ticker errors inside a 200: NOT_ENTITLED (this index) or NOT_FOUND. */
    private static Quote indexValue(Ticker ticker, PolygonReplies.IndicesSnapshot reply, boolean delayedPlan) {
        PolygonReplies.IndexValue v = reply == null || reply.results() == null ? null : reply.results().stream()
                .filter(r -> ticker.symbol().equalsIgnoreCase(r.ticker()) || ticker.bare().equalsIgnoreCase(r.ticker()))
                .findFirst().orElse(null);
        if (v == null || "NOT_FOUND".equals(v.error())) {
            return null;
        }
        if (v.error() != null) {
            throw new NotEntitledException(DataFamily.INDICES_SNAPSHOTS, NotEntitledException.Reason.PLAN, v.message(), null);
        }
        return PolygonMapper.indexValue(ticker, v, delayedPlan);
    }

    /** Today's latest minute bar, or null before the first one. */
    public Uni<Bar> latestMinute(Ticker ticker, LocalDate today) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("adjusted", "true");
        query.put("sort", "desc");
        query.put("limit", "1");
        return call("GET /v2/aggs/ticker/range", 1, () -> api.aggregates(authorization, ticker.symbol(), "1", "minute",
                today.toString(), today.toString(), query),
                r -> r == null || r.results() == null || r.results().isEmpty() ? null : PolygonMapper.rangeBar(r.results().get(0)));
    }

    /** The previous session's bar of one ticker ({@code /v2/aggs/ticker/{t}/prev}), or null when the upstream has none. */
    public Uni<Bar> previousClose(Ticker ticker) {
        return call("GET /v2/aggs/ticker/prev", 1, () -> api.previousClose(authorization, ticker.symbol(), true),
                r -> r == null || r.results() == null || r.results().isEmpty() ? null : PolygonMapper.bar(r.results().get(0)));
    }

    /** Every US stock's bar of {@code session} in one call: ticker → bar. */
    public Uni<Map<String, Bar>> groupedDaily(LocalDate session) {
        return call("GET /v2/aggs/grouped/stocks", 1, () -> api.groupedDaily(authorization, session.toString(), true), r -> {
            Map<String, Bar> out = new LinkedHashMap<>();
            if (r != null && r.results() != null) {
                for (PolygonReplies.Agg a : r.results()) {
                    try {
                        Bar b = PolygonMapper.bar(a);
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
        AtomicBoolean delayed = new AtomicBoolean();
        List<OptionContract> contracts = new ArrayList<>();
        return followPages("option chain of " + underlying,
                () -> chainPage(underlying, query),
                url -> url.startsWith("v3", "snapshot", "options") && url.segments().size() == 4
                        ? () -> chainPage(url.segments().get(3), url.query())
                        : null,
                PolygonReplies.OptionsSnapshotPage::nextUrl,
                reply -> {
                    if (PolygonMapper.delayed(reply.status())) {
                        delayed.set(true);
                    }
                    for (PolygonReplies.OptionSnapshot r : reply.results() == null ? List.<PolygonReplies.OptionSnapshot> of()
                            : reply.results()) {
                        if (r == null) {
                            continue; // unreadable, skipped (SkipUnreadable)
                        }
                        if (PolygonMapper.delayedContract(r)) {
                            delayed.set(true);
                        }
                        OptionContract c = PolygonMapper.contract(underlying, r);
                        if (c != null) {
                            contracts.add(c);
                        }
                    }
                })
                .map(x -> new OptionChain(contracts, OptionChain.Source.SNAPSHOT, delayed.get()));
    }

    private Uni<PolygonReplies.OptionsSnapshotPage> chainPage(String path, Map<String, String> query) {
        return call("GET /v3/snapshot/options", 1, () -> api.optionChain(authorization, path, query), Function.identity());
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
        List<OptionContract> contracts = new ArrayList<>();
        return followPages("option contracts of " + underlying,
                () -> referencePage(query),
                url -> url.startsWith("v3", "reference", "options", "contracts") && url.segments().size() == 4
                        ? () -> referencePage(url.query())
                        : null,
                PolygonReplies.Contracts::nextUrl,
                reply -> {
                    for (PolygonReplies.ContractRef r : reply.results() == null ? List.<PolygonReplies.ContractRef> of()
                            : reply.results()) {
                        OptionContract c = PolygonMapper.reference(underlying, r);
                        if (c != null) {
                            contracts.add(c);
                        }
                    }
                })
                .map(x -> new OptionChain(contracts, OptionChain.Source.REFERENCE, false));
    }

    private Uni<PolygonReplies.Contracts> referencePage(Map<String, String> query) {
        return call("GET /v3/reference/options/contracts", 1, () -> api.optionContracts(authorization, query), Function.identity());
    }

    // ---- bars -------------------------------------------------------------------------------------------------

    /** Bars of {@code ticker} from {@code from} to {@code to}, every next_url page stitched. */
    public Uni<List<Bar>> bars(Ticker ticker, int multiplier, Timespan timespan, LocalDate from, LocalDate to, boolean adjusted) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("adjusted", String.valueOf(adjusted));
        query.put("sort", "asc");
        query.put("limit", String.valueOf(config.polygon().barsPageLimit()));
        List<Bar> bars = new ArrayList<>();
        return followPages("bars of " + ticker.symbol(),
                () -> barPage(List.of(ticker.symbol(), String.valueOf(multiplier), timespan.label(), from.toString(), to.toString()),
                        query),
                // /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}
                url -> url.startsWith("v2", "aggs", "ticker") && url.segments().size() == 9 && "range".equals(url.segments().get(4))
                        ? () -> barPage(url.segments().subList(3, 9).stream().filter(s -> !"range".equals(s)).toList(), url.query())
                        : null,
                PolygonReplies.Aggs::nextUrl,
                reply -> {
                    if (reply.results() != null) {
                        reply.results().forEach(r -> bars.add(PolygonMapper.rangeBar(r)));
                    }
                })
                .map(x -> bars);
    }

    /** @param path ticker, multiplier, timespan, from, to */
    private Uni<PolygonReplies.Aggs> barPage(List<String> path, Map<String, String> query) {
        return call("GET /v2/aggs/ticker/range", 1, () -> api.aggregates(authorization, path.get(0), path.get(1), path.get(2),
                path.get(3), path.get(4), query), Function.identity());
    }

    // ---- next_url pages ---------------------------------------------------------------------------------------

    /**
     * The one way a Polygon list is read: the first page, then each {@code next_url} through our own base URL and REST
     * client (the key in the header again, never a URL's apiKey), until there is none or {@code max-pages} is reached.
     * {@code nextCall} answers the call for a next_url of the expected path, or null for any other (an unexpected
     * reply, not followed).
     */
    private <R> Uni<Void> followPages(String what, Supplier<Uni<R>> firstCall, Function<NextUrl, Supplier<Uni<R>>> nextCall,
            Function<R, String> nextUrlOf, Consumer<R> onPage) {
        return followPage(what, firstCall, nextCall, nextUrlOf, onPage, 1);
    }

    private <R> Uni<Void> followPage(String what, Supplier<Uni<R>> call, Function<NextUrl, Supplier<Uni<R>>> nextCall,
            Function<R, String> nextUrlOf, Consumer<R> onPage, int page) {
        return call.get().chain(reply -> {
            if (reply == null) {
                return Uni.createFrom().voidItem();
            }
            onPage.accept(reply);
            String next = nextUrlOf.apply(reply);
            if (next == null || next.isBlank()) {
                return Uni.createFrom().voidItem();
            }
            Supplier<Uni<R>> following = nextCall.apply(NextUrl.parse(next, basePath));
            if (following == null) {
                return Uni.createFrom().failure(PolygonMapper.unexpected("next_url of the " + what + " has an unexpected path"));
            }
            if (page >= config.polygon().maxPages()) {
                LOG.warnf("%s stopped after %d pages", what, page);
                return Uni.createFrom().voidItem();
            }
            return followPage(what, following, nextCall, nextUrlOf, onPage, page + 1);
        });
    }

    // ---- guarded calls ----------------------------------------------------------------------------------------

    /** A body that did not bind: Polygon answered, so it is no reason to retry or to open the breaker. */
    private record Malformed(String what) {
    }

    /**
     * One guarded request, its reply mapped after the guard. A reply that does not bind to its record is an answer of
     * the upstream (reachability sees it answer, the guard does not retry it) and then fails as the upstream's fault.
     */
    @SuppressWarnings("unchecked")
    private <R, T> Uni<T> call(String endpoint, int permits, Supplier<Uni<R>> request, Function<R, T> mapping) {
        return guard().<Object> call(endpoint, null, permits, () -> request.get().map(r -> (Object) r)
                .onFailure(PolygonClient::malformed).recoverWithItem(f -> new Malformed(endpoint)))
                .onItem().invoke(reachability::answered)
                .onFailure(UpstreamException.class).invoke(f -> reachability.failed((UpstreamException) f))
                .map(r -> {
                    if (r instanceof Malformed m) {
                        throw PolygonMapper.unexpected("the reply of " + m.what() + " is not the JSON it should be");
                    }
                    return mapping.apply((R) r);
                });
    }

    private static boolean malformed(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                return true;
            }
        }
        return false;
    }

    /** The upstream's 403: NOT_AUTHORIZED, for a family ("not entitled") or a history timeframe. */
    public static boolean forbidden(Throwable f) {
        return f instanceof UpstreamRejectedException r && r.status() == 403;
    }

    public static boolean notFound(Throwable f) {
        return f instanceof UpstreamRejectedException r && r.status() == 404;
    }

    /** The upstream's own words for a failure, else the failure's message. */
    public static String message(Throwable f) {
        return f instanceof UpstreamException u ? u.upstreamMessage().orElse(u.getMessage()) : f.getMessage();
    }
}
