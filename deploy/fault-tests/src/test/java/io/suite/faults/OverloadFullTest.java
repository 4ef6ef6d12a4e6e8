package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 4 (full profile only): clients offer ten times the Polygon budget to three marketdata-service replicas that
 * share it. The upstream must see no 429 and no more than the budget per second; clients get fresh or cached data, or
 * a 503 problem+json with Retry-After, never a 500.
 */
@ExtendWith(Fleet.class)
@Order(3)
class OverloadFullTest {

    @Test
    void tenTimesTheBudgetFromThreeReplicasCausesNoUpstream429() throws Exception {
        Fleet f = Fleet.current();
        Duration length = f.profile.overload();
        int offered = Fleet.POLYGON_PER_SECOND * 10;
        String user = f.tokens.user(UUID.randomUUID());
        LocalDate base = LocalDate.of(2024, 1, 2);
        List<Traffic.Op> ops = new ArrayList<>();
        // historical bars on ever new windows: each request a cold key, one upstream call each
        ops.add(new Traffic.Op("marketdata", "bars (cold key)", 1, false, n -> {
            String ticker = f.tickers.get((int) (n % f.tickers.size()));
            LocalDate from = base.plusDays((n / f.tickers.size()) % 700);
            return new Traffic.Call(Http.request(Workload.pick(f.marketdata, n).base() + "/api/v1/market-data/" + ticker
                    + "/historical?from=" + from + "&to=" + from.plusDays(6), user).GET().build(), null);
        }));
        // quotes: two upstream calls on a miss, one-second freshness
        ops.add(new Traffic.Op("marketdata", "quote", 1, false, n -> new Traffic.Call(Http.request(Workload.pick(f.marketdata, n)
                .base() + "/api/v1/market-data/" + f.tickers.get((int) (n % f.tickers.size())) + "/quote", user).GET().build(), null)));
        f.control("POST", "/counters/reset", null);
        List<Traffic.Sample> samples;
        long notSent;
        try (Traffic traffic = new Traffic(offered, ops, true)) {
            Watch.pass(length);
            traffic.close();
            samples = traffic.samples();
            notSent = traffic.notSent();
        }
        JsonNode polygon = f.counters().get("polygon");

        Map<String, Long> outcomes = Traffic.countBy(samples, x -> x.op() + " " + outcome(x));
        List<Traffic.Sample> bad = samples.stream().filter(x -> !x.ok() && !(x.status() == 503 && x.problem() && x.retryAfter()))
                .toList();
        Report.Section s = Report.section("overload", "4. Overload: 10x the upstream budget from " + f.marketdata.size()
                + " replicas");
        s.intro("Clients offer " + offered + " requests/s for " + length.toSeconds() + " s to " + f.marketdata.size()
                + " marketdata-service replicas sharing the Polygon budget of " + Fleet.POLYGON_PER_SECOND + " calls/s (the"
                + " sandbox's limit for the key is the same): half are historical bars on a new window each time (one upstream"
                + " call each if served fresh), half quotes of the 8 tickers (two calls on a miss, 1 s freshness). Every request"
                + " could cost an upstream call, so the offered load is at least 10x the budget.");
        s.row("requests answered / not sent (client in-flight cap)", samples.size() + " / " + notSent);
        s.row("client-facing outcomes", outcomes.toString().replace("{", "").replace("}", ""));
        s.row("answers that are neither 2xx nor 503 problem+json with Retry-After", bad.size(), "0", bad.isEmpty());
        s.row("upstream calls at the sandbox / 429s", polygon.get("calls").asLong() + " / " + polygon.get("throttled").asLong(),
                "0 429s", polygon.get("throttled").asLong() == 0);
        s.row("peak upstream calls per second (all replicas)", polygon.get("peakPerSecond").asLong(), "≤ "
                + Fleet.POLYGON_PER_SECOND, polygon.get("peakPerSecond").asLong() <= Fleet.POLYGON_PER_SECOND);
        s.row("client latency p50 / p99 (ms)", Traffic.percentileMicros(samples, 50) / 1000 + " / "
                + Traffic.percentileMicros(samples, 99) / 1000);
        s.note("Catalog was not overloaded here: its budget under contention is measured by deploy/bench/catalog (two instances,"
                + " 0 throttled) and by scenario 3's backlog drain.");
        bad.stream().limit(5).forEach(x -> s.note("unexpected answer: " + x.status() + " " + x.op() + " " + x.body()));

        assertThat(polygon.get("throttled").asLong()).as("upstream 429s").isZero();
        assertThat(bad).as("answers other than 2xx or 503 problem+json with Retry-After").isEmpty();
    }

    private static String outcome(Traffic.Sample x) {
        if (x.ok()) {
            if (x.body() != null && x.body().contains("\"stale\":true")) {
                return "200 stale";
            }
            return x.body() != null && x.body().contains("\"source\":\"upstream\"") ? "200 fresh" : "200 cached";
        }
        return x.status() == 503 ? (x.retryAfter() ? "503+Retry-After" : "503") : String.valueOf(x.status());
    }
}
