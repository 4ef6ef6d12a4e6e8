package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15 item 6: one user sends 80 sync requests at once, spread over both account-service instances, half of them
 * full syncs and half syncs of overlapping sets of accounts, while another user asks for one sync. Before the fix the
 * instance cap let 75 of 64 in, overlapping runs deadlocked in Postgres, 23 runs stayed {@code started} forever and the
 * other user got 503 for 24 s. Now: every answer is 202, 429 (the user's own cap) or 503 busy, all with Retry-After;
 * no deadlock; no run left started; the other user's sync is admitted and finishes; and a run whose instance died (a
 * started run with an expired lease, as a killed instance leaves it) is finished as failed by a live replica.
 * Short: one round of 80; full: three rounds.
 */
@ExtendWith(Fleet.class)
@Order(4) // before the worker kill (5), which kills an account-service instance
class SyncRaceTest {

    static final int REQUESTS = 80;

    @Test
    void eightyConcurrentSyncsOfOneUserNeitherDeadlockNorStickNorStarveAnother() throws Exception {
        Fleet f = Fleet.current();
        int rounds = f.profile.full() ? 3 : 1;
        List<JsonNode> small = new ArrayList<>();
        f.sandboxUsers.forEach(u -> {
            int n = u.get("adsAccounts").asInt();
            if (n >= 2 && n <= 100) {
                small.add(u);
            }
        });
        // the sandbox's "Small Seller" (3 accounts) and "Vendor Co" (2): runs short enough for 80 at once on the Ads budget
        small.sort(Comparator.comparingInt((JsonNode u) -> u.get("adsAccounts").asInt()).reversed());
        assertThat(small).as("two sandbox Amazon users with 2..100 accounts").hasSizeGreaterThanOrEqualTo(2);
        Instant expires = Instant.now().plus(Duration.ofHours(2));
        Seeds.SeededToken greedy = Seeds.tokens(f, small.get(0).get("userId").asText(), 1, expires, expires.minusSeconds(600),
                () -> {
                }).get(0);
        Seeds.SeededToken other = Seeds.tokens(f, small.get(1).get("userId").asText(), 1, expires, expires.minusSeconds(600),
                () -> {
                }).get(0);
        String greedyBearer = f.tokens.user(greedy.user());
        String otherBearer = f.tokens.user(other.user());
        String a = base(f.accounts.get(0));
        String b = base(f.accounts.get(1));

        // the outage scenario before this one may leave an instance's Ads breaker open or half-open (it closes on the next
        // calls): a full sync of the other user on each instance until one succeeds, so the storm starts on closed breakers
        for (String instance : List.of(a, b)) {
            Awaitility.await("the Ads breaker of " + instance + " closed").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        Http.Answer started = Http.post(instance + "/api/v1/accounts/sync", otherBearer, "{}");
                        return started.status() == 202 && "success".equals(awaitRun(f, other.user(),
                                started.json().get("run_id").asText(), Duration.ofSeconds(60)));
                    });
        }
        // a first full sync, so that the storm can name accounts (after the breakers closed: it failed once on an open one)
        assertThat(awaitRun(f, greedy.user(), Http.post(a + "/api/v1/accounts/sync", greedyBearer, "{}").json().get("run_id")
                .asText(), Duration.ofSeconds(120))).as("the greedy user's first full sync").isEqualTo("success");
        List<String> ids = new ArrayList<>();
        Http.get(a + "/api/v1/accounts?limit=200", greedyBearer).json().get("items").forEach(i -> ids.add(i.get("id").asText()));
        assertThat(ids).isNotEmpty();

        long deadlocksBefore = deadlocks(f);
        Timestamp stormStarted = Timestamp.from(Instant.now());
        Map<String, Integer> answers = new TreeMap<>();
        List<String> badAnswers = new ArrayList<>();
        List<String> runIds = Collections.synchronizedList(new ArrayList<>());
        AtomicLong maxLive = new AtomicLong();
        List<Long> otherFinishedMillis = new ArrayList<>();
        List<String> otherStatuses = new ArrayList<>();
        Random random = new Random(15);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> maxLive.accumulateAndGet(f.db.count("accounts", "select count(*) from sync_run_leases"
                + " where user_id = ? and lease_until > now()", greedy.user()), Math::max), 0, 100, TimeUnit.MILLISECONDS);
        try {
            for (int round = 0; round < rounds; round++) {
                List<CompletableFuture<Http.Answer>> storm = new ArrayList<>();
                CompletableFuture<Http.Answer> otherSync = null;
                long otherAsked = 0;
                for (int i = 0; i < REQUESTS; i++) {
                    String body = "{}";
                    if (i % 2 == 1) {
                        List<String> chosen = new ArrayList<>(ids);
                        Collections.shuffle(chosen, random); // overlapping sets, in different orders
                        body = chosen.subList(0, Math.max(2, chosen.size() - 1)).stream().map(id -> "\"" + id + "\"")
                                .collect(Collectors.joining(",", "{\"account_ids\":[", "]}"));
                    }
                    storm.add(Http.sendAsync(post((i % 2 == 0 ? a : b) + "/api/v1/accounts/sync", greedyBearer, body)));
                    if (i == REQUESTS / 2) {
                        otherAsked = System.nanoTime();
                        otherSync = Http.sendAsync(post(b + "/api/v1/accounts/sync", otherBearer, "{}"));
                    }
                }
                for (CompletableFuture<Http.Answer> request : storm) {
                    Http.Answer r = request.get(120, TimeUnit.SECONDS);
                    answers.merge(String.valueOf(r.status()), 1, Integer::sum);
                    if (r.status() == 202) {
                        runIds.add(r.json().get("run_id").asText());
                    } else if (!((r.status() == 429 || r.status() == 503) && r.problem() && r.retryAfter() != null)) {
                        badAnswers.add(r.status() + " " + r.body());
                    }
                }
                Http.Answer theirs = otherSync.get(120, TimeUnit.SECONDS);
                assertThat(theirs.status()).as("the other user's sync during the storm: %s", theirs.body()).isEqualTo(202);
                String otherRun = theirs.json().get("run_id").asText();
                otherStatuses.add(awaitRun(f, other.user(), otherRun, Duration.ofSeconds(120)));
                otherFinishedMillis.add((System.nanoTime() - otherAsked) / 1_000_000);
            }
            // every run of the storm ends; none is left started
            Awaitility.await("no run of the user left started").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> f.db.count("accounts", "select count(*) from account_sync_history where user_id = ?"
                            + " and sync_status = 'started'", greedy.user()) == 0);
        } finally {
            sampler.shutdownNow();
        }
        long stuck = f.db.count("accounts", "select count(*) from account_sync_history where user_id = ? and sync_status = 'started'",
                greedy.user());
        Map<String, Long> outcomes = new TreeMap<>();
        for (Object[] row : f.db.query("accounts", "select sync_status, count(*) from account_sync_history where user_id = ?"
                + " and started_at >= ? group by sync_status", greedy.user(), stormStarted)) {
            outcomes.put((String) row[0], ((Number) row[1]).longValue());
        }
        long deadlocks = deadlocks(f) - deadlocksBefore;
        long deadlockLines = 0;
        for (Proc p : f.accounts) {
            String log = Files.readString(p.log, StandardCharsets.ISO_8859_1);
            deadlockLines += log.split("deadlock detected|40P01", -1).length - 1;
        }
        long distinctRuns = runIds.stream().distinct().count();

        // a run as a killed instance leaves it: started, its lease run out; a live replica finishes it
        UUID orphan = UUID.randomUUID();
        f.db.update("accounts", "insert into account_sync_history (id, user_id, sync_type, sync_status) values (?, ?, 'manual',"
                + " 'started')", orphan, greedy.user());
        f.db.update("accounts", "insert into sync_run_leases (run_id, user_id, full_sync, lease_owner, lease_until)"
                + " values (?, ?, true, 'accounts-sync-run-killed-instance', now() - interval '1 second')", orphan, greedy.user());
        long orphanAt = System.nanoTime();
        Awaitility.await("the dead instance's run finished").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> f.db.count("accounts", "select count(*) from account_sync_history where id = ? and sync_status = 'failed'",
                        orphan) == 1);
        long orphanMillis = (System.nanoTime() - orphanAt) / 1_000_000;

        Report.Section s = Report.section("syncrace", "9. Sync race: concurrent syncs of one user");
        s.intro("One user sends " + REQUESTS + " `POST /api/v1/accounts/sync` at once (" + rounds + " round" + (rounds > 1 ? "s" : "")
                + "), alternating between the two account-service instances; half are full syncs, half syncs of "
                + Math.max(2, ids.size() - 1)
                + " of its " + ids.size() + " accounts in shuffled, overlapping sets. In the middle of each storm another user asks for a"
                + " full sync. Caps: 4 runs per user across replicas (429 beyond), 64 per instance (503 beyond), both with"
                + " Retry-After; writes of one user's runs take the user's lock. Deadlocks from `pg_stat_database` and the logs.");
        s.row("answers to the user's " + rounds * REQUESTS + " requests (status: count)", answers.toString().replace("{", "")
                .replace("}", ""));
        s.row("answers other than 202, or 429/503 problem+json with Retry-After", badAnswers.size(), "0", badAnswers.isEmpty());
        s.row("distinct runs started (202s joining a running full sync share its id)", distinctRuns);
        s.row("most runs of the user live at once (sampled every 100 ms)", maxLive.get(), "≤ 4", maxLive.get() <= 4);
        s.row("runs of the user by outcome", outcomes.toString().replace("{", "").replace("}", ""));
        s.row("runs left `started`", stuck, "0", stuck == 0);
        s.row("deadlocks (pg_stat_database / log lines)", deadlocks + " / " + deadlockLines, "0 / 0", deadlocks == 0 && deadlockLines == 0);
        s.row("the other user's sync: answer, outcome, done after", "202, " + otherStatuses + ", " + otherFinishedMillis + " ms",
                "202 and finished", otherStatuses.stream().allMatch(x -> x.equals("success") || x.equals("partial")));
        s.row("a dead instance's run (lease run out) finished as failed after", orphanMillis + " ms",
                "≤ the lease check (10 s)", orphanMillis <= 20_000);
        badAnswers.stream().limit(5).forEach(s::note);

        assertThat(badAnswers).as("answers other than 202/429/503 problem+json with Retry-After").isEmpty();
        assertThat(maxLive.get()).as("most live runs of one user").isLessThanOrEqualTo(4);
        assertThat(stuck).as("runs left started").isZero();
        assertThat(deadlocks).as("deadlocks in Postgres").isZero();
        assertThat(deadlockLines).as("deadlock lines in the logs").isZero();
        assertThat(otherStatuses).as("the other user's runs").allMatch(x -> x.equals("success") || x.equals("partial"));
    }

    private static String base(Proc p) {
        return "http://127.0.0.1:" + p.httpPort;
    }

    private static HttpRequest post(String url, String bearer, String json) {
        return Http.request(url, bearer).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Waits until the run has ended (read from the database), and answers its status. */
    private static String awaitRun(Fleet f, UUID user, String run, Duration atMost) {
        Awaitility.await("run " + run + " ended").atMost(atMost).pollInterval(Duration.ofMillis(300))
                .until(() -> f.db.count("accounts", "select count(*) from account_sync_history where id = ?::uuid"
                        + " and sync_status <> 'started'", run) == 1);
        return (String) f.db.query("accounts", "select sync_status from account_sync_history where id = ?::uuid", run).get(0)[0];
    }

    private static long deadlocks(Fleet f) {
        return f.db.count("accounts", "select deadlocks from pg_stat_database where datname = current_database()");
    }
}
