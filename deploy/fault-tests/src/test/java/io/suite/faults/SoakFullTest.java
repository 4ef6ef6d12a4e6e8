package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7 (full profile only): mixed traffic at a steady rate for the soak time (30 minutes). Heap after GC must show
 * no growth trend, database connections and open files no leak, and p99 must stay stable.
 */
@ExtendWith(Fleet.class)
@Order(4)
class SoakFullTest {

    @Test
    void aLongSteadyRunShowsNoGrowthNoLeakAndAStableP99() throws Exception {
        Fleet f = Fleet.current();
        Duration length = f.profile.soak();
        Seeds.AccountsUser u = Seeds.accountsUser(f, 20, Instant.now().plus(Duration.ofHours(3)));
        List<Traffic.Sample> samples;
        List<Watch.Point> points;
        long warmupMillis = Math.min(120_000, length.toMillis() / 5);
        Map<String, Double> liveStart = new TreeMap<>();
        Map<String, Double> liveEnd = new TreeMap<>();
        try (Traffic traffic = new Traffic(f.profile.trafficPerSecond(), Workload.mixed(f, u, f.asins.subList(10000, 14000),
                f.tickers.subList(0, 5)), false);
                Watch watch = new Watch(traffic, Duration.ofSeconds(10), w -> probe(f, w))) {
            Watch.pass(Duration.ofMillis(warmupMillis));
            f.services().forEach(p -> liveStart.put(p.name, p.liveHeapMb()));
            Watch.pass(length.minusMillis(warmupMillis));
            f.services().forEach(p -> liveEnd.put(p.name, p.liveHeapMb()));
            traffic.close();
            watch.close();
            samples = traffic.samples();
            points = watch.points();
        }
        double minutes = length.toSeconds() / 60.0;

        Report.Section s = Report.section("soak", "7. Soak");
        s.intro("Mixed traffic (the steady mix of scenario 2) at " + f.profile.trafficPerSecond() + " requests/s for "
                + String.format(Locale.ROOT, "%.0f", minutes) + " minutes; heap after GC, open files, pooled and server-side database"
                + " connections sampled every 10 s per instance; the first " + warmupMillis / 1000 + " s are warm-up and excluded"
                + " from trends. Heap trend = least-squares slope of the per-minute minimum of heap in use (the floor after each"
                + " collection); live heap = heap in use right after a full GC forced with jcmd at the end of warm-up and at the end.");
        s.row("answers by service and status", Traffic.countBy(samples, x -> x.service() + " " + x.status()).toString()
                .replace("{", "").replace("}", ""));
        s.row("requests answered / non-2xx", samples.size() + " / " + samples.stream().filter(x -> !x.ok()).count(), "0 non-2xx",
                samples.stream().noneMatch(x -> !x.ok()));
        boolean heapOk = true;
        boolean filesOk = true;
        StringBuilder heap = new StringBuilder();
        StringBuilder files = new StringBuilder();
        StringBuilder live = new StringBuilder();
        boolean liveOk = true;
        for (Proc p : f.services()) {
            List<Watch.Point> h = perMinuteFloor(after(points, "heap-used " + p.name, warmupMillis));
            double slope = slopePerMinute(h) / (1024 * 1024);
            double growth = slope * minutes;
            heapOk &= growth < 512 * 0.10;
            heap.append(p.name).append(String.format(Locale.ROOT, " %+.2f MB/min (%+.1f MB over the run); ", slope, growth));
            double a = liveStart.getOrDefault(p.name, -1.0);
            double b = liveEnd.getOrDefault(p.name, -1.0);
            liveOk &= b - a < 25;
            live.append(p.name).append(String.format(Locale.ROOT, " %.0f→%.0f; ", a, b));
            List<Watch.Point> fd = after(points, "files " + p.name, warmupMillis);
            if (!fd.isEmpty()) {
                double first = fd.get(0).value();
                double last = fd.get(fd.size() - 1).value();
                double max = fd.stream().mapToDouble(Watch.Point::value).max().orElse(0);
                filesOk &= last - first <= 50;
                files.append(p.name).append(" ").append((long) first).append("→").append((long) last).append(" (max ")
                        .append((long) max).append("); ");
            }
        }
        s.row("heap floor trend per instance (G1 sizes its young generation as it likes: indicative)", heap);
        s.row("live heap after a full GC, MB: end of warm-up → end", live, "grows < 25 MB", liveOk);
        s.row("open files after warm-up → end", files, "≤ +50", filesOk);
        Map<String, String> conns = new TreeMap<>();
        boolean connOk = true;
        for (String role : List.of("catalog_app", "accounts_app", "marketdata_app")) {
            List<Watch.Point> c = after(points, "pg " + role, warmupMillis);
            double third = c.size() / 3.0;
            double early = c.stream().limit(Math.max(1, (long) third)).mapToDouble(Watch.Point::value).max().orElse(0);
            double late = c.stream().skip((long) (2 * third)).mapToDouble(Watch.Point::value).max().orElse(0);
            conns.put(role, (long) early + " → " + (long) late);
            connOk &= late <= Math.max(early + 2, 20.0 * 3);
        }
        StringBuilder pools = new StringBuilder();
        for (Proc p : f.services()) {
            List<Watch.Point> c = after(points, "pool " + p.name, warmupMillis);
            pools.append(p.name).append(" max ").append((long) c.stream().mapToDouble(Watch.Point::value).max().orElse(0))
                    .append(", end ").append(c.isEmpty() ? "-" : String.valueOf((long) c.get(c.size() - 1).value())).append("; ");
        }
        s.row("pooled connections per instance (sql_pool_active + idle)", pools);
        s.row("server connections per role, max in the first → last third", conns.toString().replace("{", "").replace("}", ""),
                "no growth", connOk);
        Map<String, String> p99 = new TreeMap<>();
        boolean p99Ok = true;
        List<Plot.Series> p99Series = new ArrayList<>();
        int color = 0;
        for (String service : List.of("catalog", "accounts", "marketdata")) {
            List<double[]> perMinute = perMinute(samples, service);
            List<double[]> steady = perMinute.stream().filter(m -> m[0] * 60_000 >= warmupMillis).toList();
            if (steady.size() >= 2) {
                double early = steady.stream().limit(Math.max(1, steady.size() / 3)).mapToDouble(m -> m[2]).average().orElse(0);
                double late = steady.stream().skip(2L * steady.size() / 3).mapToDouble(m -> m[2]).average().orElse(0);
                p99.put(service, String.format(Locale.ROOT, "%.1f → %.1f", early, late));
                p99Ok &= late <= early * 2 + 50;
            }
            p99Series.add(new Plot.Series(service + " p99", perMinute.stream().mapToDouble(m -> m[0]).toArray(),
                    perMinute.stream().mapToDouble(m -> m[2]).toArray(), false, Plot.color(color)));
            p99Series.add(new Plot.Series(service + " p50", perMinute.stream().mapToDouble(m -> m[0]).toArray(),
                    perMinute.stream().mapToDouble(m -> m[1]).toArray(), false, Plot.color(color).brighter()));
            color++;
        }
        s.row("p99 per minute (ms), mean of the first → last third", p99.toString().replace("{", "").replace("}", ""),
                "last ≤ 2 × first + 50 ms", p99Ok);
        Plot.write(f.plotFile("soak-latency.png"), "Soak: p50 and p99 per minute", "minute", "ms", p99Series, List.of(), false);
        plotSeries(f, points, "heap-used ", 1024 * 1024, "soak-heap.png", "Soak: heap in use per instance (10 s samples)", "MB");
        plotSeries(f, points, "pg ", 1, "soak-connections.png", "Soak: server connections per role (pg_stat_activity)", "connections");
        s.image("soak-heap.png", "heap in use over the soak");
        s.image("soak-connections.png", "database connections over the soak");
        s.image("soak-latency.png", "p50/p99 per minute over the soak");

        assertThat(samples).as("requests answered").isNotEmpty();
        assertThat(samples.stream().filter(x -> !x.ok()).count()).as("non-2xx answers in the soak").isZero();
        assertThat(liveOk).as("live heap does not grow: %s", live).isTrue();
        assertThat(filesOk).as("open files: %s", files).isTrue();
        assertThat(connOk).as("connections: %s", conns).isTrue();
        assertThat(p99Ok).as("p99 stable: %s", p99).isTrue();
    }

    private static void probe(Fleet f, Watch w) {
        for (Proc p : f.services()) {
            Metrics.scrape(p).ifPresent(page -> {
                w.record("heap-used " + p.name, Metrics.sum(page, "jvm_memory_used_bytes", "area=\"heap\""), null);
                w.record("pool " + p.name, Metrics.sum(page, "sql_pool_active") + Metrics.sum(page, "sql_pool_idle"), null);
            });
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + p.pid() + "/fd"))) {
                w.record("files " + p.name, fds.count(), null);
            } catch (Exception e) {
                w.record("files " + p.name, -1, e.toString());
            }
        }
        f.db.connectionsByRole().forEach((role, n) -> w.record("pg " + role, n, null));
    }

    private static List<Watch.Point> after(List<Watch.Point> points, String series, long from) {
        return points.stream().filter(p -> p.series().equals(series) && p.at() >= from && p.value() >= 0).toList();
    }

    /** The lowest value of each minute: heap in use after that minute's collections. */
    static List<Watch.Point> perMinuteFloor(List<Watch.Point> pts) {
        Map<Long, Watch.Point> floor = new TreeMap<>();
        for (Watch.Point p : pts) {
            floor.merge(p.at() / 60_000, p, (x, y) -> x.value() <= y.value() ? x : y);
        }
        return List.copyOf(floor.values());
    }

    /** Least-squares slope, units per minute. */
    static double slopePerMinute(List<Watch.Point> pts) {
        if (pts.size() < 2) {
            return 0;
        }
        double n = pts.size();
        double mx = pts.stream().mapToDouble(p -> p.at() / 60_000.0).sum() / n;
        double my = pts.stream().mapToDouble(Watch.Point::value).sum() / n;
        double num = 0;
        double den = 0;
        for (Watch.Point p : pts) {
            double x = p.at() / 60_000.0 - mx;
            num += x * (p.value() - my);
            den += x * x;
        }
        return den == 0 ? 0 : num / den;
    }

    /** [minute, p50 ms, p99 ms] per whole minute of the run. */
    private static List<double[]> perMinute(List<Traffic.Sample> samples, String service) {
        Map<Long, List<Traffic.Sample>> byMinute = new TreeMap<>();
        samples.stream().filter(x -> x.service().equals(service))
                .forEach(x -> byMinute.computeIfAbsent(x.at() / 60_000, k -> new ArrayList<>()).add(x));
        List<double[]> out = new ArrayList<>();
        byMinute.forEach((m, xs) -> out.add(new double[] { m, Traffic.percentileMicros(xs, 50) / 1000.0,
                Traffic.percentileMicros(xs, 99) / 1000.0 }));
        return out;
    }

    private static void plotSeries(Fleet f, List<Watch.Point> points, String prefix, double divisor, String file, String title,
            String unit) throws Exception {
        Map<String, List<Watch.Point>> by = new TreeMap<>();
        points.stream().filter(p -> p.series().startsWith(prefix)).forEach(p -> by.computeIfAbsent(p.series(), k -> new ArrayList<>())
                .add(p));
        List<Plot.Series> series = new ArrayList<>();
        int i = 0;
        for (var e : by.entrySet()) {
            series.add(new Plot.Series(e.getKey().substring(prefix.length()), e.getValue().stream().mapToDouble(p -> p.at() / 60_000.0)
                    .toArray(), e.getValue().stream().mapToDouble(p -> p.value() / divisor).toArray(), false, Plot.color(i++)));
        }
        Plot.write(f.plotFile(file), title, "minutes", unit, series, List.of(), false);
    }
}
