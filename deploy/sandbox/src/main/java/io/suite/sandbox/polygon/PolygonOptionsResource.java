package io.suite.sandbox.polygon;

import static io.suite.sandbox.polygon.PolygonReplies.badRequest;
import static io.suite.sandbox.polygon.PolygonReplies.ok;
import static io.suite.sandbox.polygon.PolygonReplies.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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
 * Polygon.io / Massive options under {@code /polygon}: the option chain snapshot and the contracts reference, both
 * paged by {@code next_url} cursors ({@link PolygonQuery}).
 */
@Path("/polygon")
@Produces(MediaType.APPLICATION_JSON)
public class PolygonOptionsResource {

    @Inject
    MarketData market;
    @Inject
    OptionChain chain;
    @Inject
    SandboxClock clock;
    @Inject
    PolygonAccess access;

    @GET
    @Path("/v3/snapshot/options/{underlying}")
    public Response optionChain(@PathParam("underlying") String underlying, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "options", PolygonPlan.Kind.SNAPSHOTS);
            boolean paid = plan.realTime();
            PolygonQuery q = PolygonQuery.of(uri, "/v3/snapshot/options/" + underlying);
            int limit = q.intParam("limit", 10, 1, 250);
            long now = clock.millis();
            LocalDate today = Instant.ofEpochMilli(now).atZone(TradingCalendar.NEW_YORK).toLocalDate();
            List<OptionChain.Contract> all = filterAndSort(chain.contracts(underlying, today, false, now), q);
            int offset = q.offset();
            List<Object> results = new ArrayList<>();
            long asOf = access.now(plan);
            for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
                results.add(chain.snapshot(all.get(i), asOf, paid));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("request_id", Ids.hex(16));
            body.put("results", results);
            body.put("status", status(plan));
            if (offset + limit < all.size()) {
                body.put("next_url", q.nextUrl(uri, offset + limit));
            }
            return ok(body);
        });
    }

    @GET
    @Path("/v3/reference/options/contracts")
    public Response contracts(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return PolygonAccess.run(() -> {
            access.authorize(auth, uri, "options", PolygonPlan.Kind.REFERENCE);
            PolygonQuery q = PolygonQuery.of(uri, "/v3/reference/options/contracts");
            int limit = q.intParam("limit", 10, 1, 1000);
            long now = clock.millis();
            LocalDate today = Instant.ofEpochMilli(now).atZone(TradingCalendar.NEW_YORK).toLocalDate();
            String expiredParam = q.get("expired");
            if (expiredParam != null && !expiredParam.equals("true") && !expiredParam.equals("false")) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'expired': must be true or false"));
            }
            boolean expired = "true".equals(expiredParam);
            String underlying = q.get("underlying_ticker");
            List<OptionChain.Contract> source = new ArrayList<>();
            for (String sym : underlying == null ? market.symbols() : List.of(underlying)) {
                if (market.optionUnderlying(sym) == null) {
                    continue;
                }
                source.addAll(chain.contracts(sym, today, expired, now));
            }
            List<OptionChain.Contract> all = filterAndSort(source, q);
            int offset = q.offset();
            List<Object> results = new ArrayList<>();
            for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
                results.add(OptionChain.reference(all.get(i)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("results", results);
            body.put("status", "OK");
            body.put("request_id", Ids.hex(16));
            if (offset + limit < all.size()) {
                body.put("next_url", q.nextUrl(uri, offset + limit));
            }
            return ok(body);
        });
    }

    private List<OptionChain.Contract> filterAndSort(List<OptionChain.Contract> in, PolygonQuery q) {
        List<Predicate<OptionChain.Contract>> filters = new ArrayList<>();
        String type = q.get("contract_type");
        if (type != null) {
            if (!type.equals("call") && !type.equals("put")) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'contract_type': must be one of call, put"));
            }
            filters.add(c -> c.type().equals(type));
        }
        for (String op : new String[] { "", ".gt", ".gte", ".lt", ".lte" }) {
            String sp = q.get("strike_price" + op);
            if (sp != null) {
                BigDecimal v;
                try {
                    v = new BigDecimal(sp);
                } catch (NumberFormatException e) {
                    throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'strike_price" + op + "': not a number"));
                }
                filters.add(c -> compare(c.strike().compareTo(v), op));
            }
            String ed = q.get("expiration_date" + op);
            if (ed != null) {
                LocalDate v;
                try {
                    v = LocalDate.parse(ed);
                } catch (DateTimeParseException e) {
                    throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'expiration_date" + op + "': expected YYYY-MM-DD"));
                }
                filters.add(c -> compare(c.expiration().compareTo(v), op));
            }
        }
        String order = q.get("order") == null ? "asc" : q.get("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'order': must be asc or desc"));
        }
        String sort = q.get("sort") == null ? "ticker" : q.get("sort");
        Comparator<OptionChain.Contract> cmp = switch (sort) {
            case "ticker" -> Comparator.comparing(OptionChain.Contract::ticker);
            case "expiration_date" -> Comparator.comparing(OptionChain.Contract::expiration).thenComparing(OptionChain.Contract::ticker);
            case "strike_price" -> Comparator.comparing(OptionChain.Contract::strike).thenComparing(OptionChain.Contract::ticker);
            default -> throw new PolygonAccess.PolygonError(
                    badRequest("Invalid value for 'sort': must be one of ticker, expiration_date, strike_price"));
        };
        if (order.equals("desc")) {
            cmp = cmp.reversed();
        }
        return in.stream().filter(c -> filters.stream().allMatch(f -> f.test(c))).sorted(cmp).toList();
    }

    private static boolean compare(int cmp, String op) {
        return switch (op) {
            case ".gt" -> cmp > 0;
            case ".gte" -> cmp >= 0;
            case ".lt" -> cmp < 0;
            case ".lte" -> cmp <= 0;
            default -> cmp == 0;
        };
    }
}
