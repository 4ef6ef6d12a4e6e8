package io.suite.sandbox.polygon;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.TradingCalendar;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.Ids;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The other asset classes, shaped like Massive's OpenAPI examples ({@code .massive/rest.json} of client-python):
 * index values ({@code /v3/snapshot/indices}: values, no trades; per-ticker errors inside a 200), a crypto pair's last
 * trade ({@code /v1/last/crypto/{from}/{to}}: milliseconds, sizes of a few satoshis in exponent notation), a currency
 * pair's last quote ({@code /v1/last_quote/currencies/{from}/{to}}) and the global crypto and forex ticker snapshots.
 */
@Path("/polygon")
@Produces(MediaType.APPLICATION_JSON)
public class PolygonMarketsResource {

    @Inject
    PolygonAccess access;
    @Inject
    MarketData market;
    @Inject
    Aggregates aggregates;

    @GET
    @Path("/v3/snapshot/indices")
    public Response indices(@QueryParam("ticker.any_of") String anyOf, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "indices", PolygonPlan.Kind.SNAPSHOTS);
            List<String> wanted = new ArrayList<>();
            if (anyOf == null || anyOf.isBlank()) {
                market.symbols().stream().filter(s -> s.startsWith("I:")).forEach(wanted::add);
            } else {
                for (String t : anyOf.split(",")) {
                    wanted.add(t.strip());
                }
            }
            long now = access.now(plan);
            List<Object> results = new ArrayList<>();
            for (String t : wanted) {
                MarketData.Ticker tk = market.ticker(t);
                if (tk == null || !tk.market().equals("indices")) {
                    results.add(ApiErrors.map("ticker", t, "error", "NOT_FOUND", "message", "Ticker not found."));
                    continue;
                }
                long last = market.lastTradeMillis(now);
                double value = market.price(t, last);
                LocalDate prev = TradingCalendar
                        .previousTradingDay(Instant.ofEpochMilli(last).atZone(TradingCalendar.NEW_YORK).toLocalDate());
                double prevClose = market.closeOf(t, prev, now);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("last_updated", last * 1_000_000L);
                r.put("market_status", TradingCalendar.isTradingDay(access.today()) ? "open" : "closed");
                r.put("name", t.equals("I:SPX") ? "S&P 500" : "Nasdaq-100");
                Map<String, Object> session = new LinkedHashMap<>();
                session.put("change", MarketData.dec(value - prevClose, 2));
                session.put("change_percent", MarketData.dec((value - prevClose) / prevClose * 100, 2));
                session.put("close", MarketData.money(value));
                session.put("previous_close", MarketData.money(prevClose));
                r.put("session", session);
                r.put("ticker", t);
                r.put("timeframe", plan.realTime() ? "REAL-TIME" : "DELAYED");
                r.put("type", "indices");
                r.put("value", MarketData.money(value));
                results.add(r);
            }
            return PolygonReplies.ok(ApiErrors.map("request_id", Ids.hex(16), "results", results, "status", "OK"));
        });
    }

    @GET
    @Path("/v1/last/crypto/{from}/{to}")
    public Response lastCryptoTrade(@PathParam("from") String from, @PathParam("to") String to,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "crypto", PolygonPlan.Kind.TRADES);
            String symbol = "X:" + from + to;
            if (market.ticker(symbol) == null) {
                return PolygonReplies.notFound("Data not found.");
            }
            long t = access.now(plan);
            long h = market.hash(symbol, t / 1000);
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("conditions", List.of(1));
            last.put("exchange", 1 + Math.floorMod(h, 4));
            last.put("price", MarketData.dec(market.price(symbol, t), 2));
            last.put("size", satoshis(h));
            last.put("timestamp", t);
            return PolygonReplies.ok(ApiErrors.map("last", last, "request_id", Ids.hex(16), "status", "success",
                    "symbol", from + "-" + to));
        });
    }

    @GET
    @Path("/v1/last_quote/currencies/{from}/{to}")
    public Response lastCurrencyQuote(@PathParam("from") String from, @PathParam("to") String to,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "fx", PolygonPlan.Kind.NBBO);
            String symbol = "C:" + from + to;
            MarketData.Ticker tk = market.ticker(symbol);
            if (tk == null) {
                return PolygonReplies.notFound("Data not found.");
            }
            long t = access.now(plan);
            double mid = market.price(symbol, t);
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("ask", MarketData.dec(mid + tk.spread() / 2, 5));
            last.put("bid", MarketData.dec(mid - tk.spread() / 2, 5));
            last.put("exchange", tk.exchange());
            last.put("timestamp", t);
            return PolygonReplies.ok(ApiErrors.map("last", last, "request_id", Ids.hex(16), "status", "success",
                    "symbol", from + "/" + to));
        });
    }

    @GET
    @Path("/v2/snapshot/locale/global/markets/crypto/tickers/{ticker}")
    public Response cryptoSnapshot(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return globalSnapshot(ticker, "crypto", auth, uri);
    }

    @GET
    @Path("/v2/snapshot/locale/global/markets/forex/tickers/{ticker}")
    public Response forexSnapshot(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return globalSnapshot(ticker, "fx", auth, uri);
    }

    /** Crypto snapshots have a last trade, forex ones a last quote ({@code a}/{@code b}); times in milliseconds. */
    private Response globalSnapshot(String ticker, String kind, String auth, UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, kind, PolygonPlan.Kind.SNAPSHOTS);
            MarketData.Ticker tk = market.ticker(ticker);
            if (tk == null || !tk.market().equals(kind)) {
                return PolygonReplies.notFound("Ticker not found.");
            }
            long now = access.now(plan);
            LocalDate today = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
            long dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            Map<String, Object> day = ohlc(aggregates.bar(ticker, new Aggregates.Window(dayStart, dayStart + 86_400_000L), now));
            Map<String, Object> prevDay = ohlc(aggregates.bar(ticker, new Aggregates.Window(dayStart - 86_400_000L, dayStart), now));
            long minuteStart = now / 60_000L * 60_000L;
            Map<String, Object> min = aggregates.bar(ticker, new Aggregates.Window(minuteStart, minuteStart + 60_000L), now);
            double last = market.price(ticker, now);
            double prevClose = ((BigDecimal) prevDay.get("c")).doubleValue();
            long h = market.hash(ticker, now / 1000);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("day", day);
            if (kind.equals("crypto")) {
                Map<String, Object> trade = new LinkedHashMap<>();
                trade.put("c", List.of(2));
                trade.put("i", Long.toString(100_000_000 + Math.floorMod(h, 900_000_000)));
                trade.put("p", MarketData.dec(last, 2));
                trade.put("s", satoshis(h));
                trade.put("t", now);
                trade.put("x", 1 + Math.floorMod(h, 4));
                t.put("lastTrade", trade);
            } else {
                Map<String, Object> quote = new LinkedHashMap<>();
                quote.put("a", MarketData.dec(last + tk.spread() / 2, 5));
                quote.put("b", MarketData.dec(last - tk.spread() / 2, 5));
                quote.put("i", 0);
                quote.put("t", now);
                quote.put("x", tk.exchange());
                t.put("lastQuote", quote);
            }
            t.put("min", min);
            t.put("prevDay", prevDay);
            t.put("ticker", ticker);
            t.put("todaysChange", MarketData.dec(last - prevClose, 5));
            t.put("todaysChangePerc", MarketData.dec((last - prevClose) / prevClose * 100, 6));
            t.put("updated", now);
            return PolygonReplies.ok(ApiErrors.map("request_id", Ids.hex(16), "status", PolygonReplies.status(plan), "ticker", t));
        });
    }

    /** A crypto trade's size: often a few satoshis, which the JSON carries in exponent notation (1.2E-7). */
    private static BigDecimal satoshis(long h) {
        long sats = Math.floorMod(h, 3) == 0 ? 1 + Math.floorMod(h / 7, 90) : 1 + Math.floorMod(h / 7, 5_000_000);
        return BigDecimal.valueOf(sats, 8).stripTrailingZeros();
    }

    private static Map<String, Object> ohlc(Map<String, Object> bar) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("c", "h", "l", "o", "v", "vw")) {
            m.put(k, bar.get(k));
        }
        return m;
    }
}
