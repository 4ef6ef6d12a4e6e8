package io.suite.marketdata.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.Ticker;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way to Polygon: every request goes through the shared-resilience guard (retry → breaker → shared rate
 * budget → timeout), carries the key as a Bearer header, and follows next_url pages with the header sent again.
 */
@Startup // a malformed key stops start-up, not the first request
@ApplicationScoped
public class PolygonClient {

    private static final Logger LOG = Logger.getLogger(PolygonClient.class);
    /** Prices stay exact: floats parse to BigDecimal, big integers (ns timestamps) to long, never via double. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private final PolygonApi api;
    private final MarketDataConfig config;
    private final UpstreamGuards guards;
    private final String authorization;
    private final String basePath;
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>();
    private final AtomicReference<String> lastFailureReason = new AtomicReference<>();

    public PolygonClient(@RestClient PolygonApi api, MarketDataConfig config, UpstreamGuards guards,
            @ConfigProperty(name = "quarkus.rest-client.polygon.url") String baseUrl) {
        this.api = api;
        this.config = config;
        this.guards = guards;
        this.authorization = "Bearer " + validKey(config.polygon().apiKey());
        this.basePath = java.net.URI.create(baseUrl).getPath();
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

    public Uni<Quote> quote(Ticker ticker) {
        // Last trade and NBBO are one unit against the budget: both permits at once. Taken one by one, a quote could
        // hold the first and starve waiting for the second (deploy/bench/marketdata measured 14 of 20 calls wasted so).
        return call("GET /v2/last/trade+nbbo", 2, () -> api.lastTrade(authorization, ticker.symbol())
                .map(PolygonClient::trade)
                .onFailure(PolygonClient::notFound).recoverWithItem((Quote.Trade) null)
                .chain(t -> api.lastNbbo(authorization, ticker.symbol())
                        .map(PolygonClient::nbbo)
                        .onFailure(PolygonClient::notFound).recoverWithItem((Quote.Nbbo) null)
                        .map(n -> {
                            if (t == null && n == null) {
                                throw ProblemException.notFound("ticker", ticker.symbol());
                            }
                            return new Quote(ticker.symbol(), t, n);
                        })));
    }

    public Uni<OptionChain> optionChain(CacheKey.ChainKey key) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", String.valueOf(config.polygon().chainPageLimit()));
        if (key.expirationFrom() != null) {
            query.put("expiration_date.gte", key.expirationFrom().toString());
        }
        if (key.expirationTo() != null) {
            query.put("expiration_date.lte", key.expirationTo().toString());
        }
        if (key.contractType() != null) {
            query.put("contract_type", key.contractType().label());
        }
        if (key.strikeMin() != null) {
            query.put("strike_price.gte", key.strikeMin().toPlainString());
        }
        if (key.strikeMax() != null) {
            query.put("strike_price.lte", key.strikeMax().toPlainString());
        }
        String underlying = key.ticker().symbol();
        return chainPages(underlying, query, new ArrayList<>(), 1).map(OptionChain::new);
    }

    private Uni<List<OptionContract>> chainPages(String underlying, Map<String, String> query, List<OptionContract> acc,
            int page) {
        return call("GET /v3/snapshot/options", () -> api.optionChain(authorization, underlying, query)).chain(body -> {
            JsonNode root = parse(body);
            for (JsonNode r : root.path("results")) {
                OptionContract c = contract(underlying, r);
                if (c != null) {
                    acc.add(c);
                }
            }
            String next = text(root, "next_url");
            if (next == null) {
                return Uni.createFrom().item(acc);
            }
            NextUrl url = NextUrl.parse(next, basePath);
            if (!url.startsWith("v3", "snapshot", "options") || url.segments().size() != 4) {
                return Uni.createFrom().failure(unexpected("next_url of the option chain has an unexpected path"));
            }
            if (page >= config.polygon().maxPages()) {
                LOG.warnf("option chain of %s stopped after %d pages", underlying, page);
                return Uni.createFrom().item(acc);
            }
            return chainPages(url.segments().get(3), url.query(), acc, page + 1);
        });
    }

    public Uni<BarSeries> bars(CacheKey.BarsKey key) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("adjusted", String.valueOf(key.adjusted()));
        query.put("sort", "asc");
        query.put("limit", String.valueOf(config.polygon().barsPageLimit()));
        return barPages(List.of(key.ticker().symbol(), String.valueOf(key.multiplier()), key.timespan().label(),
                key.from().toString(), key.to().toString()), query, new ArrayList<>(), 1).map(BarSeries::new);
    }

    /** @param path ticker, multiplier, timespan, from, to */
    private Uni<List<Bar>> barPages(List<String> path, Map<String, String> query, List<Bar> acc, int page) {
        return call("GET /v2/aggs/ticker/range", () -> api.aggregates(authorization, path.get(0), path.get(1), path.get(2),
                path.get(3), path.get(4), query)).chain(body -> {
                    JsonNode root = parse(body);
                    for (JsonNode r : root.path("results")) {
                        acc.add(bar(r));
                    }
                    String next = text(root, "next_url");
                    if (next == null) {
                        return Uni.createFrom().item(acc);
                    }
                    NextUrl url = NextUrl.parse(next, basePath);
                    if (!url.startsWith("v2", "aggs", "ticker") || url.segments().size() != 9
                            || !"range".equals(url.segments().get(4))) {
                        return Uni.createFrom().failure(unexpected("next_url of aggregates has an unexpected path"));
                    }
                    if (page >= config.polygon().maxPages()) {
                        LOG.warnf("bars of %s stopped after %d pages", path.get(0), page);
                        return Uni.createFrom().item(acc);
                    }
                    return barPages(url.segments().subList(3, 9).stream().filter(s -> !"range".equals(s)).toList(),
                            url.query(), acc, page + 1);
                });
    }

    /** Upstream loads held by the guard right now (beyond its {@code max-queued} a load fails fast). */
    public int pending() {
        return guard().held();
    }

    public Instant lastSuccess() {
        return lastSuccess.get();
    }

    public Instant lastFailure() {
        return lastFailure.get();
    }

    public String lastFailureReason() {
        return lastFailureReason.get();
    }

    private Uni<String> call(String endpoint, Supplier<Uni<String>> request) {
        return call(endpoint, 1, request);
    }

    private <T> Uni<T> call(String endpoint, int permits, Supplier<Uni<T>> request) {
        return guard().<T>call(endpoint, null, permits, request)
                .onItem().invoke(() -> lastSuccess.set(Instant.now()))
                .onFailure(UpstreamException.class).invoke(f -> {
                    if (f instanceof UpstreamRateLimitedException limited && limited.isLocal()) {
                        return; // our own budget or queue said no: says nothing about whether Polygon is reachable
                    }
                    lastFailure.set(Instant.now());
                    lastFailureReason.set(f.getMessage());
                });
    }

    private static boolean notFound(Throwable f) {
        return f instanceof UpstreamRejectedException r && r.status() == 404;
    }

    private static UpstreamUnavailableException unexpected(String what) {
        return new UpstreamUnavailableException("polygon", 200, "UnexpectedResponse", what, null, null);
    }

    static JsonNode parse(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root == null || !root.isObject()) {
                throw unexpected("body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw unexpected("body is not JSON");
        }
    }

    static Quote.Trade trade(String body) {
        JsonNode r = parse(body).path("results");
        if (!r.isObject()) {
            return null;
        }
        List<Integer> conditions = r.path("c").isArray() ? new ArrayList<>() : null;
        if (conditions != null) {
            r.path("c").forEach(c -> conditions.add(c.asInt()));
        }
        return valid(() -> new Quote.Trade(decimal(r, "p"), decimal(r, "s"), integer(r, "x"), conditions,
                nanos(r, "t")));
    }

    static Quote.Nbbo nbbo(String body) {
        JsonNode r = parse(body).path("results");
        if (!r.isObject()) {
            return null;
        }
        return valid(() -> new Quote.Nbbo(decimal(r, "p"), decimal(r, "s"), integer(r, "x"), decimal(r, "P"),
                decimal(r, "S"), integer(r, "X"), nanos(r, "t")));
    }

    /** A contract the upstream describes incompletely is skipped (and logged), not allowed to fail the whole chain. */
    static OptionContract contract(String underlying, JsonNode r) {
        JsonNode details = r.path("details");
        JsonNode quote = r.path("last_quote");
        JsonNode greeks = r.path("greeks");
        JsonNode day = r.path("day");
        try {
            String exp = text(details, "expiration_date");
            return new OptionContract(text(details, "ticker"),
                    r.path("underlying_asset").hasNonNull("ticker") ? text(r.path("underlying_asset"), "ticker") : underlying,
                    ContractType.fromLabel(text(details, "contract_type")), text(details, "exercise_style"),
                    exp == null ? null : LocalDate.parse(exp), decimal(details, "strike_price"),
                    integer(details, "shares_per_contract"),
                    decimal(quote, "bid"), decimal(quote, "ask"), decimal(quote, "midpoint"),
                    decimal(quote, "bid_size"), decimal(quote, "ask_size"),
                    decimal(r.path("last_trade"), "price"),
                    wholeNumber(day, "volume"), wholeNumber(r, "open_interest"),
                    decimal(r, "implied_volatility"),
                    greeks.isObject() ? new OptionContract.Greeks(decimal(greeks, "delta"), decimal(greeks, "gamma"),
                            decimal(greeks, "theta"), decimal(greeks, "vega")) : null,
                    decimal(r, "break_even_price"),
                    quote.hasNonNull("last_updated") ? nanos(quote, "last_updated") : nanos(day, "last_updated"));
        } catch (RuntimeException e) {
            LOG.warnf("skipping an option contract of %s the upstream described incompletely: %s", underlying, e.getMessage());
            return null;
        }
    }

    static Bar bar(JsonNode r) {
        return valid(() -> new Bar(millis(r, "t"), decimal(r, "o"), decimal(r, "h"), decimal(r, "l"), decimal(r, "c"),
                decimal(r, "v"), decimal(r, "vw"), wholeNumber(r, "n")));
    }

    private static <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw unexpected("upstream data failed validation: " + e.getMessage());
        }
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.decimalValue();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.intValue();
    }

    /** Counts that Polygon sometimes writes as 8 and sometimes as 8.0. */
    static Long wholeNumber(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.decimalValue().longValue();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** Trades, quotes and snapshot times are nanoseconds since the epoch: split without a double. */
    static Instant nanos(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            return null;
        }
        long ns = v.longValue();
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }

    /** Aggregate bars are milliseconds. */
    static Instant millis(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isIntegralNumber() ? null : Instant.ofEpochMilli(v.longValue());
    }
}
