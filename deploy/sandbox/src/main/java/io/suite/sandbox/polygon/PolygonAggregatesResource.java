package io.suite.sandbox.polygon;

import static io.suite.sandbox.polygon.PolygonReplies.badRequest;
import static io.suite.sandbox.polygon.PolygonReplies.marketOf;
import static io.suite.sandbox.polygon.PolygonReplies.ok;
import static io.suite.sandbox.polygon.PolygonReplies.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.TradingCalendar;
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
 * Polygon.io / Massive aggregates (bars) under {@code /polygon}, for every market by the ticker's prefix, paged by
 * {@code next_url}.
 */
@Path("/polygon")
@Produces(MediaType.APPLICATION_JSON)
public class PolygonAggregatesResource {

    @Inject
    MarketData market;
    @Inject
    Aggregates aggregates;
    @Inject
    PolygonAccess access;

    @GET
    @Path("/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}")
    public Response aggs(@PathParam("ticker") String ticker, @PathParam("multiplier") String multiplierText,
            @PathParam("timespan") String timespan, @PathParam("from") String fromText, @PathParam("to") String toText,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, marketOf(ticker), PolygonPlan.Kind.AGGREGATES);
            PolygonQuery q = PolygonQuery.of(uri, null);
            int multiplier;
            try {
                multiplier = Integer.parseInt(multiplierText);
            } catch (NumberFormatException e) {
                multiplier = 0;
            }
            if (multiplier < 1) {
                return badRequest("Invalid multiplier: must be a positive integer");
            }
            if (!Aggregates.TIMESPANS.contains(timespan)) {
                return badRequest("Invalid timespan: must be one of second, minute, hour, day, week, month, quarter, year");
            }
            Long from = parseInstant(fromText, false);
            Long to = parseInstant(toText, true);
            if (from == null || to == null) {
                return badRequest("Could not parse the time parameter: 'from' and 'to' must be YYYY-MM-DD dates or millisecond timestamps");
            }
            access.requireHistory(plan, marketOf(ticker), Instant.ofEpochMilli(from).atZone(TradingCalendar.NEW_YORK).toLocalDate());
            String adjustedText = q.get("adjusted") == null ? "true" : q.get("adjusted");
            if (!adjustedText.equals("true") && !adjustedText.equals("false")) {
                return badRequest("Invalid value for 'adjusted': must be true or false");
            }
            String sort = q.get("sort") == null ? "asc" : q.get("sort");
            if (!sort.equals("asc") && !sort.equals("desc")) {
                return badRequest("Invalid value for 'sort': must be asc or desc");
            }
            int limit = q.intParam("limit", 5000, 1, 50000);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ticker", ticker);
            if (market.ticker(ticker) == null) {
                body.put("queryCount", 0);
                body.put("resultsCount", 0);
                body.put("adjusted", Boolean.parseBoolean(adjustedText));
                body.put("status", "OK");
                body.put("request_id", Ids.hex(16));
                return ok(body);
            }
            long now = access.now(plan); // an end-of-day plan sees no bar of a session that is not complete
            boolean asc = sort.equals("asc");
            List<Aggregates.Window> windows = aggregates.windows(timespan, multiplier, from, to, asc, limit + 1, now);
            List<Object> results = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, windows.size()); i++) {
                results.add(aggregates.bar(ticker, windows.get(i), now));
            }
            body.put("queryCount", results.size());
            body.put("resultsCount", results.size());
            body.put("adjusted", Boolean.parseBoolean(adjustedText));
            if (!results.isEmpty()) {
                body.put("results", results);
            }
            body.put("status", status(plan));
            body.put("request_id", Ids.hex(16));
            body.put("count", results.size());
            if (windows.size() > limit) {
                long nextStart = windows.get(limit).start();
                String nextFrom = asc ? Long.toString(nextStart) : fromText;
                String nextTo = asc ? toText : Long.toString(nextStart);
                String cursor = PolygonQuery.encodeCursor(Map.of("adjusted", adjustedText, "sort", sort, "limit", Integer.toString(limit)));
                body.put("next_url", PolygonQuery.base(uri) + "/polygon/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/" + timespan
                        + "/" + nextFrom + "/" + nextTo + "?cursor=" + cursor);
            }
            return ok(body);
        });
    }

    private static Long parseInstant(String text, boolean endOfDay) {
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                LocalDate d = LocalDate.parse(text);
                return endOfDay ? TradingCalendar.midnightMillis(d.plusDays(1)) - 1 : TradingCalendar.midnightMillis(d);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (text.matches("\\d{1,15}")) {
            return Long.parseLong(text);
        }
        return null;
    }
}
