package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 3: every upstream (Polygon, LWA, Ads, PA-API, Creators) answers 503 for the outage window while traffic and
 * the background refresh go on. Breakers must open, market data must serve the last good quote as stale where it has
 * one (503 + Retry-After where it has none), threads and database pools must stay bounded, breakers must close after
 * recovery, and the catalog's refresh backlog must drain at no more than the shared budget with no upstream 429.
 */
@ExtendWith(Fleet.class)
@Order(2)
class UpstreamOutageTest {

    static final List<String> UPSTREAMS = List.of("polygon", "paapi", "ads", "lwa");
    static final List<String> SANDBOX_APIS = List.of("polygon", "paapi", "ads", "lwa", "creators");

    @Test
    void breakersOpenStaleDataIsServedAndTheBacklogDrainsWithinTheBudget() throws Exception {
        Fleet f = Fleet.current();
        FaultProfile profile = f.profile;
        Report.Section s = Report.section("outage", "3. Upstream outage");
        Seeds.AccountsUser u = Seeds.accountsUser(f, 5, Instant.now().plus(Duration.ofHours(2)));
        String user = f.tokens.user(u.user());
        // warm: the 5 tickers of the steady traffic; cold: daily bars of a window nobody asked for before (a new key each time)
        List<String> warm = f.tickers.subList(0, 5);
        LocalDate coldBase = LocalDate.of(2021, 1, 4);
        List<String> backlog = f.asins.subList(3000, 3000 + profile.backlogProducts());
        List<String> imports = f.asins.subList(9000, 10000);
        for (Proc md : f.marketdata) {
            for (String t : warm) {
                Awaitility.await("warm quote " + t).atMost(Duration.ofSeconds(30))
                        .until(() -> Http.get(md.base() + "/api/v1/market-data/" + t + "/quote", user).ok());
            }
        }
        f.control("POST", "/counters/reset", null);
        Map<String, Double> liveBefore = new TreeMap<>();
        f.services().forEach(p -> liveBefore.put(p.name, p.liveHeapMb()));

        List<Traffic.Op> ops = new ArrayList<>();
        ops.add(new Traffic.Op("marketdata", "warm quote", 4, false, n -> new Traffic.Call(Http.request(Workload.pick(f.marketdata, n)
                .base() + "/api/v1/market-data/" + warm.get((int) (n % warm.size())) + "/quote", user).GET().build(), null)));
        ops.add(new Traffic.Op("marketdata", "cold bars", 2, false, n -> {
            // a window and bar size never asked for before: unique for every n below 2,000,000. Bars of several days are
            // cached per exact range (one-day bars by calendar bucket, which an earlier window may already have filled)
            LocalDate from = coldBase.plusDays(n % 2000);
            return new Traffic.Call(Http.request(Workload.pick(f.marketdata, n).base() + "/api/v1/market-data/"
                    + warm.get((int) (n % warm.size())) + "/historical?from=" + from + "&to=" + from.plusDays(3) + "&multiplier="
                    + (2 + n / 2000), user).GET().build(), null);
        }));
        ops.add(new Traffic.Op("catalog", "import product", 2, true, n -> new Traffic.Call(Http.request(Workload.pick(f.catalog, n)
                .base() + "/api/v1/catalog/products/import", f.admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"asin\":\"" + imports.get((int) (n % imports.size()))
                        + "\",\"marketplace\":\"www.amazon.com\"}"))
                .build(), null)));
        ops.add(new Traffic.Op("catalog", "list products", 2, false, n -> new Traffic.Call(Http.request(Workload.pick(f.catalog, n)
                .base() + "/api/v1/catalog/products?limit=20", null).GET().build(), null)));
        ops.add(new Traffic.Op("accounts", "sync accounts", 1, false, n -> new Traffic.Call(Http.request(Workload.pick(f.accounts, n)
                .base() + "/api/v1/accounts/sync", user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), null)));
        ops.add(new Traffic.Op("accounts", "refresh token (admin)", 1, false, n -> new Traffic.Call(Http.request(
                Workload.pick(f.accounts, n).base() + "/api/v1/tokens/" + u.tokenId() + "/refresh", f.admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), null)));
        ops.add(new Traffic.Op("accounts", "list accounts", 2, false, n -> new Traffic.Call(Http.request(Workload.pick(f.accounts, n)
                .base() + "/api/v1/accounts?limit=20", user).GET().build(), null)));

        long outageStart;
        long outageEnd;
        long closedAt;
        Instant outageEndInstant;
        List<Traffic.Sample> samples;
        List<Watch.Point> points;
        try (Traffic traffic = new Traffic(profile.trafficPerSecond(), ops, true);
                Watch watch = new Watch(traffic, Duration.ofSeconds(1), w -> probe(f, w))) {
            Watch.pass(Duration.ofSeconds(4));
            long faultsFrom = traffic.elapsedMillis();
            for (String api : SANDBOX_APIS) {
                f.control("PUT", "/faults/" + api, "{\"outageSeconds\":" + profile.outage().toSeconds() + "}");
            }
            // "during" is what was sent while every API was down: from the last fault set to the first one's end (each
            // lasts outageSeconds from when it was set). A request sent while the faults were still being set could reach
            // a healthy upstream: 2 cold-bars 200s in one CI run
            outageStart = traffic.elapsedMillis();
            Instant due = Instant.now();
            Seeds.dueProducts(f, backlog, due);
            Watch.pass(profile.outage());
            outageEnd = Math.min(traffic.elapsedMillis(), faultsFrom + profile.outage().toMillis());
            f.control("DELETE", "/faults", null);
            outageEndInstant = Instant.now();
            Awaitility.await("breakers closed and the backlog refreshed").atMost(profile.breakerDelay().multipliedBy(2).plusSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> allClosed(f)
                            && f.db.count("catalog", "select count(*) from products where asin = any(?) and last_refresh_at >= ?",
                                    backlog.toArray(String[]::new), Timestamp.from(outageEndInstant)) == backlog.size());
            closedAt = traffic.elapsedMillis();
            Watch.pass(Duration.ofSeconds(3));
            traffic.close();
            watch.close();
            samples = traffic.samples();
            points = watch.points();
        }
        JsonNode counters = f.counters();

        // --- answers
        s.intro("All five upstream APIs of the sandbox answer 503 for " + profile.outage().toSeconds() + " s (`/_control/faults/{api}`"
                + " with `outageSeconds`) under " + profile.trafficPerSecond() + " requests/s of traffic (quotes of 5 warm tickers,"
                + " daily bars of windows never asked before, imports, listings, account syncs, admin token refreshes); " + backlog.size()
                + " products fall due for refresh as the outage begins. Breaker delays are " + profile.breakerDelay().toSeconds()
                + " s in this profile.");
        List<Traffic.Sample> during = samples.stream().filter(x -> x.at() >= outageStart && x.at() < outageEnd).toList();
        List<Traffic.Sample> bad = samples.stream().filter(x -> x.status() >= 500 && (x.status() != 503 || !x.problem())
                || x.status() < 0).toList();
        s.row("requests answered (during the outage)", samples.size() + " (" + during.size() + ")");
        s.row("answers during the outage by operation and status", Traffic.countBy(during, x -> x.op() + " " + x.status())
                .toString().replace("{", "").replace("}", ""));
        s.row("5xx that are not 503 problem+json, or no answer", bad.size(), "0", bad.isEmpty());
        List<Traffic.Sample> warmDuring = during.stream().filter(x -> x.op().equals("warm quote")).toList();
        long stale = warmDuring.stream().filter(x -> x.ok() && x.body() != null && x.body().contains("\"stale\":true")).count();
        long warmFailed = warmDuring.stream().filter(x -> !x.ok()).count();
        s.row("warm-ticker quotes served stale during the outage", stale + " of " + warmDuring.size(), "all 200, stale",
                stale > 0 && warmFailed == 0);
        List<Traffic.Sample> coldDuring = during.stream().filter(x -> x.op().equals("cold bars")).toList();
        long cold503 = coldDuring.stream().filter(x -> x.status() == 503 && x.problem()).count();
        long coldRetryAfter = coldDuring.stream().filter(x -> x.status() == 503 && x.retryAfter()).count();
        s.row("cold keys (bars never fetched) answered 503 problem+json / with Retry-After", cold503 + " / " + coldRetryAfter
                + " of " + coldDuring.size(), "all 503", cold503 == coldDuring.size());

        // --- breakers
        Map<String, Long> firstOpen = new TreeMap<>();
        Map<String, Long> lastOpen = new TreeMap<>();
        for (Watch.Point p : points) {
            if (p.series().startsWith("breaker ") && p.value() == 2) {
                String guard = p.series().substring(p.series().lastIndexOf(':') + 1);
                firstOpen.merge(guard, p.at() - outageStart, Math::min);
                lastOpen.merge(guard, p.at(), Math::max);
            }
        }
        TreeSet<String> openedOn = new TreeSet<>();
        points.stream().filter(p -> p.series().startsWith("breaker ") && p.value() == 2).forEach(p -> openedOn.add(p.series()
                .substring(8)));
        s.row("breakers seen OPEN (instance:upstream)", String.join(", ", openedOn), "polygon, paapi, ads, lwa",
                firstOpen.keySet().containsAll(UPSTREAMS));
        s.row("first OPEN after the outage began (ms, per upstream; 1 s sampling)", firstOpen.toString().replace("{", "")
                .replace("}", ""));
        Map<String, Long> faultsAtOpen = new TreeMap<>();
        for (String api : UPSTREAMS) {
            Long at = firstOpen.get(api);
            if (at != null) {
                long atMillis = at + outageStart;
                faultsAtOpen.put(api, (long) points.stream().filter(p -> p.series().equals("faults " + api) && p.at() <= atMillis)
                        .mapToDouble(Watch.Point::value).max().orElse(0));
            }
        }
        s.row("failed upstream calls before the first OPEN was seen (sandbox, all instances)", faultsAtOpen.toString()
                .replace("{", "").replace("}", ""), "thresholds: polygon 5, paapi 5, ads 5, lwa 10 per instance", null);
        s.row("all breakers CLOSED again, and the backlog refreshed, after the outage ended", (closedAt - outageEnd) + " ms", "",
                null);

        // --- resources
        Map<String, double[]> threads = new TreeMap<>();
        Map<String, Double> queueMax = new TreeMap<>();
        for (Proc p : f.services()) {
            double before = points.stream().filter(x -> x.series().equals("threads " + p.name) && x.at() < outageStart)
                    .mapToDouble(Watch.Point::value).max().orElse(0);
            double peak = points.stream().filter(x -> x.series().equals("threads " + p.name)).mapToDouble(Watch.Point::value).max()
                    .orElse(0);
            threads.put(p.name, new double[] { before, peak });
            queueMax.put(p.name, points.stream().filter(x -> x.series().equals("pool-waiting " + p.name))
                    .mapToDouble(Watch.Point::value).max().orElse(0));
        }
        boolean threadsBounded = threads.values().stream().allMatch(v -> v[1] <= v[0] + 50);
        StringBuilder heap = new StringBuilder();
        for (Proc p : f.services()) {
            heap.append(p.name).append(" ").append(Math.round(liveBefore.getOrDefault(p.name, -1.0))).append("→")
                    .append(Math.round(p.liveHeapMb())).append("; ");
        }
        StringBuilder t = new StringBuilder();
        threads.forEach((k, v) -> t.append(k).append(" ").append((long) v[0]).append("→").append((long) v[1]).append("; "));
        s.row("live threads before → peak (per instance)", t.toString(), "peak ≤ before + 50", threadsBounded);
        s.row("live heap after a full GC, MB: before → after the scenario (per instance)", heap);
        double connPeak = points.stream().filter(x -> x.series().startsWith("pg ")).mapToDouble(Watch.Point::value).max().orElse(0);
        // per instance: the reactive pool plus one connection of its own (7 seen per instance with a pool of 6)
        int poolBound = (Fleet.POOL_SIZE + 1) * Math.max(2, f.marketdata.size());
        s.row("most database connections of one role at once (pg_stat_activity)", (long) connPeak, "≤ instances × (pool "
                + Fleet.POOL_SIZE + " + 1)", connPeak <= poolBound);
        s.row("most requests waiting for a pooled connection (postgresql_queue_size, per instance)", queueMax.toString()
                .replace("{", "").replace("}", ""));

        // --- backlog and budget
        JsonNode paapi = counters.get("paapi");
        long throttled = 0;
        for (String api : SANDBOX_APIS) {
            throttled += counters.get(api).get("throttled").asLong();
        }
        s.row("backlog products refreshed after the outage", f.db.count("catalog",
                "select count(*) from products where asin = any(?) and last_refresh_at >= ?", backlog.toArray(String[]::new),
                Timestamp.from(outageEndInstant)) + " of " + backlog.size(), "all", true);
        s.row("peak PA-API requests per second at the sandbox (both catalog instances)", paapi.get("peakPerSecond").asLong(),
                "≤ " + Fleet.PRODUCT_DATA_PER_SECOND, paapi.get("peakPerSecond").asLong() <= Fleet.PRODUCT_DATA_PER_SECOND);
        s.row("upstream 429s (sandbox, all APIs)", throttled, "0", throttled == 0);
        s.row("sandbox calls / injected faults / 429s per API", summary(counters));
        plot(f, samples, points, outageStart, outageEnd);
        s.image("outage-quotes.png", "market-data answers through the outage");
        s.image("outage-breakers.png", "breaker state per instance and upstream");
        bad.stream().limit(5).forEach(x -> s.note("unexpected answer: " + x.status() + " " + x.op() + " " + x.body()));

        assertThat(bad).as("5xx other than 503 problem+json, or no answer").isEmpty();
        assertThat(firstOpen.keySet()).as("breakers that opened").containsAll(UPSTREAMS);
        assertThat(stale).as("stale quotes served during the outage").isPositive();
        assertThat(warmFailed).as("warm-ticker quotes that failed during the outage").isZero();
        assertThat(cold503).as("cold keys answered 503 problem+json").isEqualTo(coldDuring.size());
        assertThat(threadsBounded).as("threads bounded: %s", t).isTrue();
        assertThat(paapi.get("peakPerSecond").asLong()).as("PA-API peak per second").isLessThanOrEqualTo(Fleet.PRODUCT_DATA_PER_SECOND);
        assertThat(throttled).as("upstream 429s").isZero();
    }

    /** Breaker states (0 closed, 1 half-open, 2 open), threads, pool waiters, connections and sandbox faults, every second. */
    private static void probe(Fleet f, Watch w) {
        f.services().parallelStream().forEach(p -> {
            Http.Answer h = Http.get(p.management() + "/q/health/group/upstreams", null);
            if (h.body() != null && h.body().startsWith("{")) {
                JsonNode checks = h.json().path("checks");
                for (JsonNode c : checks) {
                    c.path("data").fields().forEachRemaining(e -> w.record("breaker " + p.name + ":" + e.getKey(),
                            switch (e.getValue().asText()) {
                                case "OPEN" -> 2;
                                case "HALF_OPEN" -> 1;
                                default -> 0;
                            }, null));
                }
            }
            Metrics.scrape(p).ifPresent(page -> {
                w.record("threads " + p.name, Metrics.sum(page, "jvm_threads_live_threads"), null);
                w.record("pool-waiting " + p.name, Metrics.sum(page, "postgresql_queue_size"), null);
            });
        });
        f.db.connectionsByRole().forEach((role, n) -> w.record("pg " + role, n, null));
        JsonNode c = f.counters();
        for (String api : SANDBOX_APIS) {
            w.record("faults " + api, c.get(api).get("faults").asLong(), null);
        }
    }

    private static boolean allClosed(Fleet f) {
        for (Proc p : f.services()) {
            Http.Answer h = Http.get(p.management() + "/q/health/group/upstreams", null);
            if (h.status() != 200) {
                return false;
            }
        }
        return true;
    }

    private static String summary(JsonNode counters) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String api : SANDBOX_APIS) {
            out.put(api, counters.get(api).get("calls").asLong() + "/" + counters.get(api).get("faults").asLong() + "/"
                    + counters.get(api).get("throttled").asLong());
        }
        return out.toString().replace("{", "").replace("}", "");
    }

    private static void plot(Fleet f, List<Traffic.Sample> samples, List<Watch.Point> points, long from, long to) throws Exception {
        List<Plot.Band> band = List.of(new Plot.Band(from / 1000.0, to / 1000.0, "upstreams down"));
        List<Plot.Series> series = new ArrayList<>();
        Map<String, Predicate<Traffic.Sample>> classes = new LinkedHashMap<>();
        classes.put("200 fresh", x -> x.ok() && x.body() != null && !x.body().contains("\"stale\":true"));
        classes.put("200 stale", x -> x.ok() && x.body() != null && x.body().contains("\"stale\":true"));
        classes.put("503 + Retry-After", x -> x.status() == 503);
        classes.put("other", x -> !x.ok() && x.status() != 503);
        int c = 0;
        for (var e : classes.entrySet()) {
            List<Traffic.Sample> xs = samples.stream().filter(x -> x.service().equals("marketdata")).filter(e.getValue()).toList();
            series.add(new Plot.Series(e.getKey(), xs.stream().mapToDouble(x -> x.at() / 1000.0).toArray(),
                    xs.stream().mapToDouble(x -> x.latencyMicros() / 1000.0).toArray(), true, Plot.color(c++)));
        }
        Plot.write(f.plotFile("outage-quotes.png"), "Market-data quotes through an upstream outage (" + f.profile.name() + ")",
                "seconds since traffic start", "latency ms", series, band, true);
        List<Plot.Series> breakers = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        points.stream().filter(p -> p.series().startsWith("breaker ")).forEach(p -> names.add(p.series()));
        int i = 0;
        for (String name : names) {
            List<Watch.Point> pts = points.stream().filter(p -> p.series().equals(name)).toList();
            final int offset = i * 3;
            breakers.add(new Plot.Series(name.substring(8), pts.stream().mapToDouble(p -> p.at() / 1000.0).toArray(),
                    pts.stream().mapToDouble(p -> p.value() + offset).toArray(), false, Plot.color(i)));
            i++;
        }
        Plot.write(f.plotFile("outage-breakers.png"), "Breaker state per instance (0 closed, 1 half-open, 2 open; offset)",
                "seconds since traffic start", "state + offset", breakers, band, false);
    }
}
