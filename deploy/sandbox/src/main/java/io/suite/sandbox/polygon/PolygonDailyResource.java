package io.suite.sandbox.polygon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.TradingCalendar;
import io.suite.sandbox.support.Ids;
import io.suite.sandbox.support.SandboxClock;
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
 * Daily bars on every plan: the previous close of one ticker ({@code /v2/aggs/ticker/{t}/prev}) and every US stock's
 * bar of one session ({@code /v2/aggs/grouped/locale/us/market/stocks/{date}}), shaped like the client-python mocks.
 * A session's bars are out 30 minutes after its close; before then the free plan gets today's grouped bars refused.
 */
@Path("/polygon")
@Produces(MediaType.APPLICATION_JSON)
public class PolygonDailyResource {

    @Inject
    PolygonAccess access;
    @Inject
    MarketData market;
    @Inject
    Aggregates aggregates;
    @Inject
    SandboxClock clock;

    @GET
    @Path("/v2/aggs/ticker/{ticker}/prev")
    public Response previousClose(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            access.authorize(auth, uri, PolygonReplies.marketOf(ticker), PolygonPlan.Kind.AGGREGATES);
            MarketData.Ticker tk = market.ticker(ticker);
            List<Object> results = new ArrayList<>();
            if (tk != null) {
                results.add(dailyBar(tk, previousSession(tk)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ticker", ticker);
            return barsReply(body, results);
        });
    }

    @GET
    @Path("/v2/aggs/grouped/locale/us/market/stocks/{date}")
    public Response groupedDaily(@PathParam("date") String dateText, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "stocks", PolygonPlan.Kind.AGGREGATES);
            LocalDate date;
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                return PolygonReplies.badRequest("Could not parse the date: expected YYYY-MM-DD");
            }
            access.requireHistory(plan, "stocks", date);
            LocalDate today = access.today();
            boolean complete = !date.isAfter(access.lastCompleteSession()) || !date.equals(today);
            if (date.equals(today) && !complete && plan.endOfDay()) {
                throw access.notEntitled("stocks.aggregates", PolygonPlan.NOT_ENTITLED);
            }
            List<Object> results = new ArrayList<>();
            if (!date.isAfter(today) && TradingCalendar.isTradingDay(date)) {
                for (String symbol : market.stockSymbols()) {
                    results.add(dailyBar(market.ticker(symbol), date));
                }
            }
            return barsReply(new LinkedHashMap<>(), results);
        });
    }

    /** The daily-bars reply after what {@code body} already holds: counts, the bars (left out when none), status. */
    private static Response barsReply(Map<String, Object> body, List<Object> results) {
        body.put("queryCount", results.size());
        body.put("resultsCount", results.size());
        body.put("adjusted", true);
        if (!results.isEmpty()) {
            body.put("results", results);
        }
        body.put("status", "OK");
        body.put("request_id", Ids.hex(16));
        body.put("count", results.size());
        return PolygonReplies.ok(body);
    }

    /** The session before now: stocks and indices the last complete trading day, crypto and forex yesterday (UTC). */
    private LocalDate previousSession(MarketData.Ticker tk) {
        if (tk.market().equals("crypto") || tk.market().equals("fx")) {
            return Instant.ofEpochMilli(clock.millis()).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        }
        return access.lastCompleteSession();
    }

    private Map<String, Object> dailyBar(MarketData.Ticker tk, LocalDate day) {
        boolean utc = tk.market().equals("crypto") || tk.market().equals("fx");
        long start = utc ? day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() : TradingCalendar.midnightMillis(day);
        long end = utc ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                : TradingCalendar.midnightMillis(day.plusDays(1));
        Map<String, Object> bar = new LinkedHashMap<>();
        bar.put("T", tk.symbol());
        bar.putAll(aggregates.bar(tk.symbol(), new Aggregates.Window(start, end), clock.millis()));
        return bar;
    }
}
