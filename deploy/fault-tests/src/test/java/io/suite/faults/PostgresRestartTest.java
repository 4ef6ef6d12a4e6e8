package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: PostgreSQL "restarts" (every connection closed, new ones refused for the gap) while all three services
 * carry steady reads and acknowledged writes. Readiness must go DOWN and come back UP, the same processes must recover
 * on their own, every write answered 2xx must be in the database, and every error during the gap must be a 503
 * problem+json (a 500 fails the scenario).
 */
@ExtendWith(Fleet.class)
@Order(1)
class PostgresRestartTest {

    /**
     * deploy/bench/faults --real-postgres-restart: the server itself restarts (pg_ctlcluster, as root) instead of the
     * proxy cutting connections. Opt-in only: it disturbs every other user of the server.
     */
    static final boolean REAL_RESTART = "1".equals(System.getenv("FAULTS_REAL_PG_RESTART"));

    @Test
    void theServicesRideThroughAPostgresRestart() throws Exception {
        Fleet f = Fleet.current();
        FaultProfile profile = f.profile;
        Report.Section s = Report.section("postgres", "2. PostgreSQL restart under load");
        Seeds.AccountsUser u = Seeds.accountsUser(f, 20, Instant.now().plus(Duration.ofHours(2)));
        List<String> tickers = f.tickers.subList(0, 5);
        List<String> importAsins = f.asins.subList(6000, 9000);
        for (String t : tickers) {
            Awaitility.await("quote " + t).atMost(Duration.ofSeconds(30)).until(
                    () -> Http.get(f.marketdata.get(0).base() + "/api/v1/market-data/" + t + "/quote", f.tokens.user(u.user())).ok());
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        f.services().forEach(p -> pids.put(p.name, p.pid()));

        long gapStart;
        long gapEnd;
        List<Traffic.Sample> samples;
        List<Watch.Point> readiness;
        try (Traffic traffic = new Traffic(profile.trafficPerSecond(), Workload.mixed(f, u, importAsins, tickers), false);
                Watch ready = new Watch(traffic, Duration.ofMillis(200), w -> f.services().parallelStream()
                        .forEach(p -> w.record(p.name, Proc.status(p.readyUrl()) == 200 ? 1 : 0, null)))) {
            Watch.pass(Duration.ofSeconds(5));
            gapStart = traffic.elapsedMillis();
            if (REAL_RESTART) {
                restartPostgres();
            } else {
                f.proxy.cut();
                Watch.pass(profile.postgresGap());
                f.proxy.resume();
            }
            gapEnd = traffic.elapsedMillis();
            Awaitility.await("every service ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> f.services().stream().allMatch(p -> Proc.status(p.readyUrl()) == 200));
            long readyAt = traffic.elapsedMillis();
            Watch.pass(Duration.ofSeconds(8));
            traffic.close();
            ready.close();
            samples = traffic.samples();
            readiness = ready.points();
            s.row("all instances ready again after the gap ended", (readyAt - gapEnd) + " ms", "", null);
        }

        // --- figures
        s.intro((REAL_RESTART ? "A real restart of the PostgreSQL server (pg_ctlcluster restart). " : "")
                + "Steady traffic of " + profile.trafficPerSecond() + " requests/s (catalog list + import, accounts list + batch"
                + " label update, market-data quotes) while every database connection of the fleet is closed and new ones"
                + " are refused for " + profile.postgresGap().toSeconds() + " s (the proxy's view of a server restart).");
        Map<String, Long> byStatus = Traffic.countBy(samples, x -> x.service() + " " + x.status());
        s.row("requests answered", samples.size());
        s.row("answers by service and status", byStatus.toString().replace("{", "").replace("}", ""));
        List<Traffic.Sample> errors = samples.stream().filter(x -> !x.ok()).toList();
        List<Traffic.Sample> wrong = errors.stream().filter(x -> x.status() != 503 || !x.problem()).toList();
        long withRetryAfter = errors.stream().filter(x -> x.status() == 503 && x.retryAfter()).count();
        s.row("error answers (all during or right after the gap)", errors.size());
        s.row("errors that are not 503 problem+json", wrong.size(), "0", wrong.isEmpty());
        s.row("503s carrying Retry-After", withRetryAfter + " of " + errors.stream().filter(x -> x.status() == 503).count());

        // readiness: down during the gap, up after, for every instance
        Map<String, Boolean> wentDown = new TreeMap<>();
        Map<String, Long> downMillis = new TreeMap<>();
        for (Proc p : f.services()) {
            List<Watch.Point> pts = readiness.stream().filter(pt -> pt.series().equals(p.name)).toList();
            wentDown.put(p.name, pts.stream().anyMatch(pt -> pt.value() == 0 && pt.at() >= gapStart));
            long firstDown = pts.stream().filter(pt -> pt.value() == 0 && pt.at() >= gapStart).mapToLong(Watch.Point::at).min()
                    .orElse(-1);
            long upAgain = pts.stream().filter(pt -> pt.value() == 1 && pt.at() > gapEnd).mapToLong(Watch.Point::at).min().orElse(-1);
            downMillis.put(p.name, firstDown < 0 || upAgain < 0 ? -1 : upAgain - firstDown);
        }
        s.row("readiness DOWN during the gap", wentDown.values().stream().filter(b -> b).count() + " of " + wentDown.size()
                + " instances", "all", !wentDown.containsValue(false));
        s.row("readiness DOWN for (ms, per instance)", downMillis.toString().replace("{", "").replace("}", ""));
        Map<String, Long> pidsAfter = new LinkedHashMap<>();
        f.services().forEach(p -> pidsAfter.put(p.name, p.alive() ? p.pid() : -1));
        s.row("processes restarted", pids.equals(pidsAfter) ? 0 : "pids changed: " + pidsAfter, "0", pids.equals(pidsAfter));

        // time to recover: first success of a request sent after the gap ended, per service
        Map<String, Long> recovery = new TreeMap<>();
        for (String service : List.of("catalog", "accounts", "marketdata")) {
            recovery.put(service, samples.stream().filter(x -> x.service().equals(service) && x.at() >= gapEnd && x.ok())
                    .mapToLong(x -> x.at() + x.latencyMicros() / 1000 - gapEnd).min().orElse(-1));
        }
        s.row("time to recover after the gap ended (ms to the first success, per service)",
                recovery.toString().replace("{", "").replace("}", ""), "every service recovers", !recovery.containsValue(-1L));

        // acknowledged writes are in the database
        Set<String> imported = samples.stream().filter(x -> x.op().equals("import product") && x.ok()).map(Traffic.Sample::key)
                .collect(Collectors.toSet());
        Set<String> stored = f.db.query("catalog", "select asin from products where asin = any(?)",
                (Object) imported.toArray(String[]::new)).stream().map(r -> (String) r[0]).collect(Collectors.toSet());
        List<String> labelled = samples.stream().filter(x -> x.op().equals("label accounts") && x.ok()).map(Traffic.Sample::key)
                .toList();
        long labelsFound = 0;
        List<String> labelsMissing = new ArrayList<>();
        Map<UUID, String> metadata = new LinkedHashMap<>();
        for (Object[] r : f.db.query("accounts", "select id, metadata::text from user_accounts where user_id = ?", u.user())) {
            metadata.put((UUID) r[0], (String) r[1]);
        }
        for (String key : labelled) {
            String[] parts = key.split("\\|");
            String md = metadata.getOrDefault(UUID.fromString(parts[0]), "");
            if (md.contains("\"" + parts[1] + "\"")) {
                labelsFound++;
            } else {
                labelsMissing.add(key);
            }
        }
        s.row("imports acknowledged (2xx) / found in the database", imported.size() + " / " + stored.size(), "equal",
                stored.containsAll(imported));
        s.row("label updates acknowledged (2xx) / found in the database", labelled.size() + " / " + labelsFound, "equal",
                labelsMissing.isEmpty());
        plot(f, samples, readiness, gapStart, gapEnd);
        s.image("postgres-latency.png", "latency and status of every request through the Postgres gap");
        s.image("postgres-readiness.png", "readiness of every instance through the gap");
        s.note("Acknowledged write = an import answered 2xx (the product row must exist) or a batch label update answered 2xx"
                + " (the label must be in the account's metadata). Errors are counted by status; a request sent during the gap"
                + " and answered after it counts where it was sent.");
        wrong.stream().limit(5).forEach(x -> s.note("unexpected answer: " + x.status() + " " + x.op() + " " + x.body()));

        assertThat(wrong).as("errors during the gap that are not 503 problem+json").isEmpty();
        assertThat(wentDown).as("readiness went DOWN during the gap").doesNotContainValue(false);
        assertThat(pidsAfter).as("no process restarted").isEqualTo(pids);
        assertThat(recovery).as("every service recovered").doesNotContainValue(-1L);
        assertThat(stored).as("every acknowledged import is stored").containsAll(imported);
        assertThat(labelsMissing).as("every acknowledged label update is stored").isEmpty();
        assertThat(imported).as("imports were acknowledged at all").isNotEmpty();
        assertThat(labelled).as("label updates were acknowledged at all").isNotEmpty();
        assertThat(errors).as("the gap was felt by the clients").isNotEmpty();
    }

    private static void restartPostgres() throws Exception {
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect",
                System.getenv().getOrDefault("FAULTS_PG_CLUSTER_VERSION", "15"), "main", "restart").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pg_ctlcluster restart finished").isTrue();
        assertThat(p.exitValue()).as("pg_ctlcluster restart: %s", out).isZero();
    }

    private static void plot(Fleet f, List<Traffic.Sample> samples, List<Watch.Point> readiness, long gapStart, long gapEnd)
            throws Exception {
        List<Plot.Series> series = new ArrayList<>();
        String[][] classes = { { "2xx", "ok" }, { "503 problem+json", "503" }, { "other", "other" } };
        int c = 0;
        for (String[] cls : classes) {
            List<Traffic.Sample> xs = samples.stream().filter(x -> switch (cls[1]) {
                case "ok" -> x.ok();
                case "503" -> x.status() == 503;
                default -> !x.ok() && x.status() != 503;
            }).toList();
            series.add(new Plot.Series(cls[0], xs.stream().mapToDouble(x -> x.at() / 1000.0).toArray(),
                    xs.stream().mapToDouble(x -> x.latencyMicros() / 1000.0).toArray(), true, Plot.color(c == 0 ? 2 : c == 1 ? 1 : 4)));
            c++;
        }
        List<Plot.Band> bands = List.of(new Plot.Band(gapStart / 1000.0, gapEnd / 1000.0, "Postgres down"));
        Plot.write(f.plotFile("postgres-latency.png"), "Requests through a Postgres restart (" + f.profile.name() + ")",
                "seconds since traffic start", "latency ms", series, bands, true);
        List<Plot.Series> ready = new ArrayList<>();
        int i = 0;
        for (Proc p : f.services()) {
            List<Watch.Point> pts = readiness.stream().filter(pt -> pt.series().equals(p.name)).toList();
            final int offset = i;
            ready.add(new Plot.Series(p.name, pts.stream().mapToDouble(pt -> pt.at() / 1000.0).toArray(),
                    pts.stream().mapToDouble(pt -> pt.value() * 0.8 + offset).toArray(), false, Plot.color(i)));
            i++;
        }
        Plot.write(f.plotFile("postgres-readiness.png"), "Readiness per instance (step up = UP)", "seconds since traffic start",
                "instance (offset) + ready", ready, bands, false);
    }

}
