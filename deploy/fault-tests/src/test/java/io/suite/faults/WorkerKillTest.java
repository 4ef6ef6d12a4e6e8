package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 1: {@code kill -9} of one of two instances while both work through a refresh backlog (catalog: due
 * products; accounts: tokens due for proactive refresh). The survivor must finish: every due item refreshed exactly
 * once. Runs last, since it kills an instance of each.
 */
@ExtendWith(Fleet.class)
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerKillTest {

    private static final Pattern REFRESH_LINE = Pattern.compile(
            "token refresh token=([0-9a-f-]{36}) user=[0-9a-f-]{36} trigger=(\\w+) outcome=(\\w+)");

    @Test
    @Order(1)
    void everyDueProductIsRefreshedExactlyOnceWhenAnInstanceIsKilled() throws Exception {
        Fleet f = Fleet.current();
        int n = f.profile.killProducts();
        Proc victim = f.catalog.get(0);
        Proc survivor = f.catalog.get(1);
        List<String> asins = f.asins.subList(0, n);
        f.control("POST", "/counters/reset", null);
        Instant due = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        Timestamp dueAt = Timestamp.from(due);
        Timestamp seededAt = Timestamp.from(Instant.now().minusSeconds(1));
        Object[] asinArray = asins.toArray(String[]::new);
        Seeds.dueProducts(f, asins, due);
        long t0 = System.nanoTime();
        String victimOwner = victim.pid() + "@%";

        Awaitility.await("the victim holds leases and has refreshed some").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> leasesOf(f, victimOwner) > 0
                        && f.db.count("catalog", "select count(*) from refresh_jobs where worker like ? and scheduled_at = ?"
                                + " and status = 'success'", victimOwner, dueAt) > 0);
        long leasedAtKill = leasesOf(f, victimOwner);
        victim.kill9();
        long killedAfter = (System.nanoTime() - t0) / 1_000_000;
        long doneByVictim = f.db.count("catalog", "select count(*) from refresh_jobs where worker like ? and scheduled_at = ?"
                + " and status = 'success'", victimOwner, dueAt);

        // refreshed = the product row itself was written back after the seeding and is no longer due
        String refreshedSql = "select count(*) from products where asin = any(?) and last_refresh_at >= ? and next_refresh_at > now()";
        Awaitility.await("every due product refreshed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> f.db.count("catalog", refreshedSql, asinArray, seededAt) >= n);
        long allDoneAfter = (System.nanoTime() - t0) / 1_000_000;
        long refreshed = f.db.count("catalog", refreshedSql, asinArray, seededAt);
        long withHistory = f.db.count("catalog", "select count(distinct product_id) from refresh_jobs where scheduled_at = ?"
                + " and status = 'success'", dueAt);
        long duplicated = f.db.count("catalog", "select count(*) from (select product_id from refresh_jobs where scheduled_at = ?"
                + " and status = 'success' group by product_id having count(*) > 1) d", dueAt);
        long notSuccess = f.db.count("catalog", "select count(*) from refresh_jobs where scheduled_at = ? and status <> 'success'",
                dueAt);
        long stillDue = f.db.count("catalog", "select count(*) from products where asin = any(?) and next_refresh_at <= now()",
                (Object) asins.toArray(String[]::new));
        long bySurvivor = f.db.count("catalog", "select count(*) from refresh_jobs where worker like ? and scheduled_at = ?"
                + " and status = 'success'", survivor.pid() + "@%", dueAt);
        JsonNode paapi = f.counters().get("paapi");
        long calls = paapi.get("calls").asLong();
        long ideal = (n + 9) / 10;

        Report.Section s = Report.section("kill", "1. Worker killed mid-run");
        s.intro("**catalog-service**: " + n + " products fall due at one instant; both instances' rolling refresh (every second,"
                + " 4 calls in flight each, 10 ASINs a call, shared budget " + Fleet.PRODUCT_DATA_PER_SECOND + "/s, lease 5 s) claims"
                + " them with leases. `kill -9` of " + victim.name + " as soon as it holds leases and has written results"
                + " (seen in the database), then " + survivor.name + " alone finishes, taking over the dead instance's leases when"
                + " they expire. **Lost** = a due product whose row was not written back by a refresh (last_refresh_at before the"
                + " seeding, or still due); **duplicated** = a product with more than one successful refresh (refresh_jobs row)"
                + " for the same due time.");
        s.row("catalog: due products", n);
        s.row("catalog: killed after / leases the victim held at the kill / products it had refreshed",
                killedAfter + " ms / " + leasedAtKill + " / " + doneByVictim);
        s.row("catalog: refreshed by the survivor", bySurvivor);
        s.row("catalog: lost", n - refreshed, "0", refreshed == n);
        s.row("catalog: duplicated", duplicated, "0", duplicated == 0);
        s.row("catalog: refreshed products without their refresh_jobs row", refreshed - withHistory, "0",
                refreshed == withHistory);
        s.row("catalog: refresh rows not successful (failed/skipped) / products still due at the end", notSuccess + " / " + stillDue,
                "0 / 0", notSuccess == 0 && stillDue == 0);
        s.row("catalog: PA-API calls at the sandbox (ideal n/10) / 429s", calls + " (" + ideal + ") / " + paapi.get("throttled").asLong(),
                "extra ≤ the victim's calls in flight (4); 0", calls - ideal <= 8 && paapi.get("throttled").asLong() == 0);
        s.row("catalog: all refreshed after", allDoneAfter + " ms");

        assertThat(refreshed).as("products refreshed (lost = %d)", n - refreshed).isEqualTo(n);
        assertThat(duplicated).as("products refreshed twice for one due time").isZero();
        assertThat(withHistory).as("refreshed products with their history row").isEqualTo(refreshed);
        assertThat(stillDue).as("products still due").isZero();
        assertThat(paapi.get("throttled").asLong()).as("PA-API 429s").isZero();
    }

    @Test
    @Order(2)
    void everyDueTokenIsRefreshedExactlyOnceWhenAnInstanceIsKilled() throws Exception {
        Fleet f = Fleet.current();
        int n = f.profile.killTokens();
        Proc victim = f.accounts.get(0);
        Proc survivor = f.accounts.get(1);
        // 40 ms per LWA call: the work takes a few seconds, long enough to kill an instance in the middle of it
        f.control("PUT", "/faults/lwa", "{\"latencyMs\":40}");
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(8)).truncatedTo(ChronoUnit.MILLIS);
        List<Seeds.SeededToken> tokens = Seeds.tokens(f, n, expiresAt, Instant.now().minusSeconds(1),
                () -> f.control("POST", "/counters/reset", null));
        long t0 = System.nanoTime();
        String[] ids = tokens.stream().map(t -> t.tokenId().toString()).toArray(String[]::new);

        Awaitility.await("the victim is refreshing tokens").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Metrics.scrape(victim).map(p -> Metrics.sum(p, "accounts_token_refresh_total", "outcome=\"success\""))
                        .orElse(0.0) > 0
                        && f.db.count("accounts", "select count(*) from token_refresh_schedule where token_id = any(?::uuid[])"
                                + " and lease_until > now()", (Object) ids) > 0);
        long leased = f.db.count("accounts",
                "select count(*) from token_refresh_schedule where token_id = any(?::uuid[]) and lease_until > now()",
                (Object) ids);
        double victimDone = Metrics.scrape(victim).map(p -> Metrics.sum(p, "accounts_token_refresh_total", "outcome=\"success\""))
                .orElse(0.0);
        victim.kill9();
        long killedAfter = (System.nanoTime() - t0) / 1_000_000;

        Awaitility.await("every due token refreshed").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> f.db.count("accounts", "select count(*) from oauth_tokens where id = any(?::uuid[]) and expires_at > ?",
                        ids, Timestamp.from(expiresAt)) >= n);
        long allDoneAfter = (System.nanoTime() - t0) / 1_000_000;
        f.control("DELETE", "/faults/lwa", null);
        long refreshed = f.db.count("accounts", "select count(*) from oauth_tokens where id = any(?::uuid[]) and expires_at > ?", ids,
                Timestamp.from(expiresAt));
        long expired = f.db.count("accounts", "select count(*) from oauth_tokens where id = any(?::uuid[]) and expires_at <= now()",
                (Object) ids);
        JsonNode lwa = f.counters().get("lwa");
        long exchanges = lwa.path("endpoints").path("POST /lwa/auth/o2/token").asLong(lwa.get("calls").asLong());

        // successes per token, from both instances' logs (the victim's up to its death)
        Set<String> seeded = new HashSet<>();
        tokens.forEach(t -> seeded.add(t.tokenId().toString()));
        Map<String, Integer> successes = new HashMap<>();
        Map<String, Integer> outcomes = new HashMap<>();
        for (Proc p : List.of(victim, survivor)) {
            Matcher m = REFRESH_LINE.matcher(Files.readString(p.log, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                if (seeded.contains(m.group(1))) {
                    outcomes.merge(p.name + " " + m.group(3), 1, Integer::sum);
                    if (m.group(3).equals("success")) {
                        successes.merge(m.group(1), 1, Integer::sum);
                    }
                }
            }
        }
        long duplicated = successes.values().stream().filter(c -> c > 1).count();

        Report.Section s = Report.section("kill", "1. Worker killed mid-run");
        s.intro("**account-service**: " + n + " tokens (real sandbox LWA grants, sealed with the run's key) fall due for"
                + " proactive refresh at once; both instances' TokenRefreshJob (every second, batches of 50, 4 in flight, lease"
                + " 5 s, LWA answering in 40 ms) claims them. `kill -9` of " + victim.name + " once its own metrics show refreshes"
                + " and leases are held. **Lost** = a token whose expiry did not move; **duplicated** = a token refreshed"
                + " successfully twice (two success log lines for it, from either instance) in the round.");
        s.row("accounts: due tokens", n);
        s.row("accounts: killed after / leases held at the kill / tokens the victim had refreshed",
                killedAfter + " ms / " + leased + " / " + (long) victimDone);
        s.row("accounts: refresh outcomes by instance (from the logs)", new TreeMap<>(outcomes).toString()
                .replace("{", "").replace("}", ""));
        s.row("accounts: lost", n - refreshed, "0", refreshed == n);
        s.row("accounts: duplicated", duplicated, "0", duplicated == 0);
        s.row("accounts: tokens expired at the end", expired, "0", expired == 0);
        s.row("accounts: LWA refresh-token exchanges at the sandbox", exchanges + " (" + n + " + " + (exchanges - n)
                + " repeated: refreshes in flight in the victim when it died)", "", null);
        s.row("accounts: all refreshed after", allDoneAfter + " ms");

        assertThat(refreshed).as("tokens refreshed (lost = %d)", n - refreshed).isEqualTo(n);
        assertThat(duplicated).as("tokens refreshed twice").isZero();
        assertThat(expired).as("tokens expired").isZero();
    }

    private static long leasesOf(Fleet f, String ownerPattern) {
        return f.db.count("catalog", "select count(*) from products where lease_owner like ? and lease_until > now()", ownerPattern);
    }
}
