package io.suite.sandbox.polygon;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.TradingCalendar;
import io.suite.sandbox.support.ApiErrors;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Polygon.io / Massive REST endpoints under {@code /polygon}: last trade, NBBO, stock snapshot, option chain, option
 * contracts and aggregates. Who may call what is {@link PolygonAccess}'s: each key has a plan.
 */
@Path("/polygon")
@Produces(MediaType.APPLICATION_JSON)
public class PolygonResource {

    @Inject
    SandboxConfig config;
    @Inject
    MarketData market;
    @Inject
    OptionChain chain;
    @Inject
    Aggregates aggregates;
    @Inject
    SandboxClock clock;

    @Inject
    PolygonAccess access;

    private static Response run(java.util.function.Supplier<Response> body) {
        return PolygonAccess.run(body);
    }

    private long now() {
        return clock.millis();
    }

    static Response notFound(String message) {
        return ApiErrors.json(404, ApiErrors.map("status", "NOT_FOUND", "request_id", Ids.hex(16), "message", message));
    }

    static Response badRequest(String error) {
        return ApiErrors.polygonError(400, error);
    }

    // ---- last trade / NBBO / snapshot ------------------------------------------------------------

    @GET
    @Path("/v2/last/trade/{ticker}")
    public Response lastTrade(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return run(() -> {
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
    public Response lastQuote(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return run(() -> {
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
    public Response snapshot(@PathParam("ticker") String ticker, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return run(() -> {
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
            Aggregates.Window dayW = new Aggregates.Window(TradingCalendar.midnightMillis(sessionDay), TradingCalendar.midnightMillis(sessionDay.plusDays(1)));
            Aggregates.Window prevW = new Aggregates.Window(TradingCalendar.midnightMillis(prev), TradingCalendar.midnightMillis(prev.plusDays(1)));
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

    // ---- options --------------------------------------------------------------------------------

    @GET
    @Path("/v3/snapshot/options/{underlying}")
    public Response optionChain(@PathParam("underlying") String underlying, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, "options", PolygonPlan.Kind.SNAPSHOTS);
            boolean paid = plan.realTime();
            Query q = Query.of(uri, "/v3/snapshot/options/" + underlying);
            int limit = q.intParam("limit", 10, 1, 250);
            long now = now();
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
        return run(() -> {
            access.authorize(auth, uri, "options", PolygonPlan.Kind.REFERENCE);
            Query q = Query.of(uri, "/v3/reference/options/contracts");
            int limit = q.intParam("limit", 10, 1, 1000);
            long now = now();
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

    private List<OptionChain.Contract> filterAndSort(List<OptionChain.Contract> in, Query q) {
        List<Predicate<OptionChain.Contract>> filters = new ArrayList<>();
        String type = q.get("contract_type");
        if (type != null) {
            if (!type.equals("call") && !type.equals("put")) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'contract_type': must be one of call, put"));
            }
            filters.add(c -> c.type().equals(type));
        }
        for (String op : new String[]{"", ".gt", ".gte", ".lt", ".lte"}) {
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
            default -> throw new PolygonAccess.PolygonError(badRequest("Invalid value for 'sort': must be one of ticker, expiration_date, strike_price"));
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

    // ---- aggregates -----------------------------------------------------------------------------

    @GET
    @Path("/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}")
    public Response aggs(@PathParam("ticker") String ticker, @PathParam("multiplier") String multiplierText,
                         @PathParam("timespan") String timespan, @PathParam("from") String fromText, @PathParam("to") String toText,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @Context UriInfo uri) {
        return run(() -> {
            PolygonPlan plan = access.authorize(auth, uri, marketOf(ticker), PolygonPlan.Kind.AGGREGATES);
            Query q = Query.of(uri, null);
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
                String cursor = Query.encodeCursor(Map.of("adjusted", adjustedText, "sort", sort, "limit", Integer.toString(limit)));
                body.put("next_url", Query.base(uri) + "/polygon/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/" + timespan
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

    /** Delayed plans' data says so in {@code status}, as the real service's does. */
    static String status(PolygonPlan plan) {
        return plan.realTime() || plan.endOfDay() ? "OK" : "DELAYED";
    }

    /** The market of a ticker by its prefix, for the entitlement of its aggregates. */
    static String marketOf(String ticker) {
        if (ticker.length() > 2 && ticker.charAt(1) == ':') {
            return switch (ticker.charAt(0)) {
                case 'I' -> "indices";
                case 'X' -> "crypto";
                case 'C' -> "fx";
                case 'O' -> "options";
                default -> "stocks";
            };
        }
        return "stocks";
    }

    static Response ok(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    // ---- query parameters and cursors ------------------------------------------------------------

    /** The effective query: the request's own parameters, or those stored in its {@code cursor}. */
    static final class Query {
        private final Map<String, String> params;
        private final String path;

        private Query(Map<String, String> params, String path) {
            this.params = params;
            this.path = path;
        }

        static Query of(UriInfo uri, String path) {
            MultivaluedMap<String, String> qp = uri.getQueryParameters();
            Map<String, String> params = new TreeMap<>();
            String cursor = qp.getFirst("cursor");
            if (cursor != null) {
                Map<String, String> decoded = decodeCursor(cursor);
                if (decoded == null) {
                    throw new PolygonAccess.PolygonError(badRequest("Invalid cursor"));
                }
                params.putAll(decoded);
            } else {
                qp.forEach((k, v) -> {
                    if (!k.equals("apiKey") && !v.isEmpty()) {
                        params.put(k, v.get(0));
                    }
                });
            }
            return new Query(params, path);
        }

        String get(String name) {
            return params.get(name);
        }

        int offset() {
            String o = params.get("__offset");
            return o == null ? 0 : Integer.parseInt(o);
        }

        int intParam(String name, int dflt, int min, int max) {
            String v = params.get(name);
            if (v == null) {
                return dflt;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid value for '" + name + "': not an integer"));
            }
            if (n > max) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid value for '" + name + "': " + name + " must be less than or equal to " + max));
            }
            if (n < min) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid value for '" + name + "': " + name + " must be greater than or equal to " + min));
            }
            return n;
        }

        String nextUrl(UriInfo uri, int nextOffset) {
            Map<String, String> p = new TreeMap<>(params);
            p.put("__offset", Integer.toString(nextOffset));
            return base(uri) + "/polygon" + path + "?cursor=" + encodeCursor(p);
        }

        static String base(UriInfo uri) {
            String b = uri.getBaseUri().toString();
            return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        }

        static String encodeCursor(Map<String, String> p) {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(p).forEach((k, v) -> {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            });
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Map<String, String> decodeCursor(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                Map<String, String> out = new TreeMap<>();
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        return null;
                    }
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
                String o = out.get("__offset");
                if (o != null && !o.matches("\\d{1,9}")) {
                    return null;
                }
                return out;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
