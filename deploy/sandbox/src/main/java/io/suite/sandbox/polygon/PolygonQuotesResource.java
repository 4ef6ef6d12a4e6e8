package io.suite.sandbox.polygon;

import static io.suite.sandbox.polygon.PolygonReplies.notFound;
import static io.suite.sandbox.polygon.PolygonReplies.ok;
import static io.suite.sandbox.polygon.PolygonReplies.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Polygon.io / Massive stock quotes under {@code /polygon}: last trade, NBBO and the ticker snapshot. Who may call
 * what is {@link PolygonAccess}'s: each key has a plan.
 */
@Path("/polygon")
@Produces(MediaType.APPLICATION_JSON)
public class PolygonQuotesResource {

    @Inject
    MarketData market;
    @Inject
    Aggregates aggregates;
    @Inject
    PolygonAccess access;

    @GET
    @Path("/v2/last/trade/{ticker}")
    public Response lastTrade(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "stocks", PolygonPlan.Kind.TRADES);
            if (market.ticker(ticker) == null || !market.ticker(ticker).isStock()) {
                return notFound("Data not found.");
            }
            long t = market.lastTradeMillis(access.now(plan));
            long h = market.hash(ticker, t / 1000);
            long ns = t * 1_000_000L + Math.floorMod(h, 1_000_000L);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("T", ticker);
            r.put("c", List.of(12, 37));
            r.put("f", ns - 29_000);
            r.put("i", Long.toString(100_000 + Math.floorMod(h, 900_000)));
            r.put("p", MarketData.money(market.price(ticker, t)));
            r.put("q", 1_000_000 + Math.floorMod(h, 9_000_000));
            r.put("r", 202);
            r.put("s", 1 + Math.floorMod(h / 3, 500));
            r.put("t", ns);
            r.put("x", market.ticker(ticker).exchange());
            r.put("y", ns - 2_617_000);
            r.put("z", market.ticker(ticker).tape());
            return ok(ApiErrors.map("results", r, "status", status(plan), "request_id", Ids.hex(16)));
        });
    }

    @GET
    @Path("/v2/last/nbbo/{ticker}")
    public Response lastQuote(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "stocks", PolygonPlan.Kind.NBBO);
            MarketData.Ticker tk = market.ticker(ticker);
            if (tk == null || !tk.isStock()) {
                return notFound("Data not found.");
            }
            long t = market.lastTradeMillis(access.now(plan));
            long h = market.hash(ticker, t / 1000 + 1);
            double mid = market.price(ticker, t);
            long ns = t * 1_000_000L + Math.floorMod(h, 1_000_000L);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("P", MarketData.money(mid + tk.spread() / 2 + 0.005));
            r.put("S", 1 + Math.floorMod(h, 20));
            r.put("T", ticker);
            r.put("X", 11);
            r.put("p", MarketData.money(mid - tk.spread() / 2 - 0.005));
            r.put("q", 10_000_000 + Math.floorMod(h, 90_000_000));
            r.put("s", 1 + Math.floorMod(h / 5, 20));
            r.put("t", ns);
            r.put("x", 19);
            r.put("y", ns - 219_500);
            r.put("z", tk.tape());
            return ok(ApiErrors.map("results", r, "status", status(plan), "request_id", Ids.hex(16)));
        });
    }

    @GET
    @Path("/v2/snapshot/locale/us/markets/stocks/tickers/{ticker}")
    public Response snapshot(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "stocks", PolygonPlan.Kind.SNAPSHOTS);
            boolean paid = plan.realTime();
            MarketData.Ticker tk = market.ticker(ticker);
            if (tk == null || !tk.isStock()) {
                return notFound("Ticker not found.");
            }
            long now = access.now(plan);
            long lastT = market.lastTradeMillis(now);
            LocalDate sessionDay = Instant.ofEpochMilli(lastT).atZone(TradingCalendar.NEW_YORK).toLocalDate();
            LocalDate prev = TradingCalendar.previousTradingDay(sessionDay);
            Aggregates.Window dayW = new Aggregates.Window(TradingCalendar.midnightMillis(sessionDay),
                    TradingCalendar.midnightMillis(sessionDay.plusDays(1)));
            Aggregates.Window prevW = new Aggregates.Window(TradingCalendar.midnightMillis(prev),
                    TradingCalendar.midnightMillis(prev.plusDays(1)));
            long minuteStart = lastT / 60_000L * 60_000L;
            Map<String, Object> day = ohlc(aggregates.bar(ticker, dayW, now));
            Map<String, Object> prevDay = ohlc(aggregates.bar(ticker, prevW, now));
            Map<String, Object> minBar = aggregates.bar(ticker, new Aggregates.Window(minuteStart, minuteStart + 60_000), now);
            Map<String, Object> min = new LinkedHashMap<>();
            min.put("av", day.get("v"));
            min.putAll(minBar);
            double last = market.price(ticker, lastT);
            double prevClose = ((BigDecimal) prevDay.get("c")).doubleValue();
            long h = market.hash(ticker, lastT / 1000);
            long ns = lastT * 1_000_000L + Math.floorMod(h, 1_000_000L);
            Map<String, Object> lastTrade = new LinkedHashMap<>();
            lastTrade.put("c", Math.floorMod(h, 3) == 0 ? null : List.of(14, 41));
            lastTrade.put("i", Long.toString(100_000 + Math.floorMod(h, 900_000)));
            lastTrade.put("p", MarketData.money(last));
            lastTrade.put("s", 1 + Math.floorMod(h / 3, 500));
            lastTrade.put("t", ns);
            lastTrade.put("x", tk.exchange());
            Map<String, Object> lastQuote = new LinkedHashMap<>();
            lastQuote.put("P", MarketData.money(last + tk.spread() / 2 + 0.005));
            lastQuote.put("S", 1 + Math.floorMod(h, 20));
            lastQuote.put("p", MarketData.money(last - tk.spread() / 2 - 0.005));
            lastQuote.put("s", 1 + Math.floorMod(h / 5, 20));
            lastQuote.put("t", ns + 113_000);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("day", day);
            if (paid) {
                t.put("fmv", MarketData.money(last));
            }
            t.put("lastQuote", lastQuote);
            t.put("lastTrade", lastTrade);
            t.put("min", min);
            t.put("prevDay", prevDay);
            t.put("ticker", ticker);
            t.put("todaysChange", MarketData.dec(last - prevClose, 4));
            t.put("todaysChangePerc", MarketData.dec((last - prevClose) / prevClose * 100, 6));
            t.put("updated", ns);
            return ok(ApiErrors.map("request_id", Ids.hex(16), "status", status(plan), "ticker", t));
        });
    }

    private static Map<String, Object> ohlc(Map<String, Object> bar) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("c", "h", "l", "o", "v", "vw")) {
            m.put(k, bar.get(k));
        }
        return m;
    }
}
