package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 item 4: one greedy user offers ten times the Polygon budget of cold requests (historical bars on a new window
 * each time: one upstream call each) while several other users ask for quotes and cold bars at a human pace. Before fair
 * share the greedy user took the whole budget and the others got 503. Now the greedy user is held to its share
 * ({@code resilience.fair-share.polygon-paid.share}: at most 0.4, split equally between the active users) with 429 +
 * Retry-After (or stale data), and the others are
 * served fresh, cached or stale (goal: at least 95 %). A load test, so in the full profile only (deploy/bench/faults): 60 s.
 */
@ExtendWith(Fleet.class)
@Order(4)
class FairShareFullTest {

    static final int OTHERS = 4;
    static final int OTHERS_PER_SECOND = 8;

    @Test
    void aGreedyUserAtTenTimesTheBudgetGets429WhileOthersAreServed() throws Exception {
        Fleet f = Fleet.current();
        Duration length = Duration.ofSeconds(f.profile.full() ? 60 : 20);
        int greedyRate = Fleet.POLYGON_PER_SECOND * 10;
        String greedy = f.tokens.user(UUID.randomUUID());
        List<String> others = new ArrayList<>();
        for (int i = 0; i < OTHERS; i++) {
            others.add(f.tokens.user(UUID.randomUUID()));
        }
        LocalDate greedyBase = LocalDate.of(2021, 1, 4);
        LocalDate othersBase = LocalDate.of(2019, 1, 7);
        List<Traffic.Op> greedyOps = List.of(new Traffic.Op("marketdata", "greedy bars (cold key)", 1, false, n -> {
            // a window and bar size never asked for before (unique for every n): bars of several days are cached per
            // exact range, one-day bars by calendar bucket, which an earlier window may already have filled
            String ticker = f.tickers.get((int) (n % f.tickers.size()));
            LocalDate from = greedyBase.plusDays(n % 2000);
            return new Traffic.Call(Http.request(Workload.pick(f.marketdata, n).base() + "/api/v1/market-data/" + ticker
                    + "/historical?from=" + from + "&to=" + from.plusDays(6) + "&multiplier=" + (2 + n / 2000), greedy)
                    .GET().build(), null);
        }));
        List<Traffic.Op> otherOps = List.of(
                new Traffic.Op("marketdata", "others' quote", 1, false, n -> new Traffic.Call(Http.request(
                        Workload.pick(f.marketdata, n).base() + "/api/v1/market-data/" + f.tickers.get((int) (n % f.tickers.size()))
                                + "/quote",
                        others.get((int) (n % OTHERS))).GET().build(), null)),
                new Traffic.Op("marketdata", "others' bars (cold key)", 1, false, n -> {
                    // cold as the greedy user's, on bar sizes it never asks for
                    String ticker = f.tickers.get((int) (n % f.tickers.size()));
                    LocalDate from = othersBase.plusDays(n % 2000);
                    return new Traffic.Call(Http.request(Workload.pick(f.marketdata, n).base() + "/api/v1/market-data/" + ticker
                            + "/historical?from=" + from + "&to=" + from.plusDays(6) + "&multiplier=" + (40 + n / 2000),
                            others.get((int) (n % OTHERS))).GET().build(), null);
                }));
        f.control("POST", "/counters/reset", null);
        List<Traffic.Sample> greedySamples;
        List<Traffic.Sample> otherSamples;
        try (Traffic hog = new Traffic(greedyRate, greedyOps, true);
                Traffic rest = new Traffic(OTHERS_PER_SECOND, otherOps, true)) {
            Watch.pass(length);
            hog.close();
            rest.close();
            greedySamples = hog.samples();
            otherSamples = rest.samples();
        }
        var polygon = f.counters().get("polygon");

        Map<String, Long> greedyOutcomes = Traffic.countBy(greedySamples, FairShareFullTest::outcome);
        Map<String, Long> otherOutcomes = Traffic.countBy(otherSamples, x -> x.op() + " " + outcome(x));
        long othersServed = otherSamples.stream().filter(Traffic.Sample::ok).count();
        double othersRate = otherSamples.isEmpty() ? 0 : 100.0 * othersServed / otherSamples.size();
        long greedy429 = greedySamples.stream().filter(x -> x.status() == 429).count();
        long greedy429Bad = greedySamples.stream().filter(x -> x.status() == 429 && !(x.problem() && x.retryAfter())).count();
        List<Traffic.Sample> bad = new ArrayList<>();
        greedySamples.stream().filter(x -> x.status() >= 500 && !(x.status() == 503 && x.problem() && x.retryAfter())).forEach(bad::add);
        otherSamples.stream().filter(x -> x.status() >= 500 && !(x.status() == 503 && x.problem() && x.retryAfter())).forEach(bad::add);

        Report.Section s = Report.section("fairshare", "10. Fair share: one greedy user at 10x the Polygon budget");
        s.intro("One user offers " + greedyRate + " requests/s for " + length.toSeconds() + " s (10x the Polygon budget of "
                + Fleet.POLYGON_PER_SECOND + " calls/s shared by " + f.marketdata.size() + " replicas) of historical bars on a new"
                + " window each time (one upstream call each); meanwhile " + OTHERS + " other users send " + OTHERS_PER_SECOND
                + " requests/s in all: quotes of the 8 tickers (1 s freshness) and cold bars. Each user may use at most 0.4 of the"
                + " budget (`resilience.fair-share.polygon-paid.share`), an equal part while more users are active (here 5: 0.2"
                + " each), reserving up to 2 s ahead; over it a 429 problem+json with Retry-After, or stale data.");
        s.row("greedy user: outcomes", greedyOutcomes.toString().replace("{", "").replace("}", ""));
        s.row("greedy user: 429s (of which without problem+json / Retry-After)", greedy429 + " (" + greedy429Bad + ")",
                "> 0 (0)", greedy429 > 0 && greedy429Bad == 0);
        s.row("other users: outcomes", otherOutcomes.toString().replace("{", "").replace("}", ""));
        s.row("other users: served fresh, cached or stale", String.format(Locale.ROOT, "%.1f %% (%d of %d)", othersRate,
                othersServed, otherSamples.size()), "≥ 95 %", othersRate >= 95.0);
        s.row("5xx other than 503 problem+json with Retry-After", bad.size(), "0", bad.isEmpty());
        s.row("upstream calls at the sandbox / 429s", polygon.get("calls").asLong() + " / " + polygon.get("throttled").asLong(),
                "0 429s", polygon.get("throttled").asLong() == 0);
        bad.stream().limit(5).forEach(x -> s.note("unexpected answer: " + x.status() + " " + x.op() + " " + x.body()));
        System.out.printf("fair share: greedy %s; others %.1f %% served (%d/%d) %s; upstream calls %d, 429s %d%n", greedyOutcomes,
                othersRate, othersServed, otherSamples.size(), otherOutcomes, polygon.get("calls").asLong(),
                polygon.get("throttled").asLong());

        assertThat(greedy429).as("429s to the greedy user").isPositive();
        assertThat(greedy429Bad).as("429s without problem+json and Retry-After").isZero();
        assertThat(othersRate).as("other users served (%%)").isGreaterThanOrEqualTo(95.0);
        assertThat(bad).as("5xx other than 503 problem+json with Retry-After").isEmpty();
    }

    private static String outcome(Traffic.Sample x) {
        if (x.ok()) {
            if (x.body() != null && x.body().contains("\"stale\":true")) {
                return "200 stale";
            }
            return x.body() != null && x.body().contains("\"source\":\"upstream\"") ? "200 fresh" : "200 cached";
        }
        if (x.status() == 429 || x.status() == 503) {
            return x.status() + (x.retryAfter() ? "+Retry-After" : "");
        }
        return String.valueOf(x.status());
    }
}
