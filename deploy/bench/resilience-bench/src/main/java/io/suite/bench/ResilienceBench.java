package io.suite.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import jakarta.inject.Inject;

/**
 * Figures for shared-resilience: (1) budget permits per second that one Postgres row sustains, granted and denied,
 * at several concurrencies; (2) what the guard chain adds per call around an upstream that answers at once.
 * Logs a Markdown table (category io.suite, console) and writes it to the report path given as the first argument.
 */
@QuarkusMain
public class ResilienceBench implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger(ResilienceBench.class);

    @Inject
    RateBudgets budgets;
    @Inject
    UpstreamGuards guards;

    @Override
    public int run(String... args) throws Exception {
        Duration slice = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
        StringBuilder report = new StringBuilder("# shared-resilience benchmark\n\n")
                .append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, PostgreSQL on 127.0.0.1, ").append(slice.toSeconds()).append(" s per measurement.\n\n")
                .append("## Rate budget: permits per second on one row\n\n")
                .append("| callers | outcome | takes/s | mean latency (ms) |\n|---:|---|---:|---:|\n");

        budgets.define("bench-open", List.of(Limit.parse("1000000000/1s"))).await().indefinitely();
        budgets.define("bench-closed", List.of(Limit.parse("1/1h"))).await().indefinitely();
        budgets.tryTake("bench-closed").await().indefinitely(); // empty it: every later take is a denial
        for (int callers : new int[] { 1, 4, 16, 64 }) {
            report.append(takes("bench-open", "granted", callers, slice));
            report.append(takes("bench-closed", "denied", callers, slice));
        }

        report.append("\n## Guard chain: cost per call (sequential, upstream answers at once)\n\n")
                .append("| chain | calls | µs per call | added vs bare (µs) |\n|---|---:|---:|---:|\n");
        int calls = Integer.getInteger("bench.calls", 200_000);
        UpstreamGuard guard = guards.get("bench");
        UpstreamGuard budgeted = guards.get("bench-budgeted");
        perCall(() -> Uni.createFrom().item("ok"), calls / 4); // warm-up
        perCall(() -> guard.call("GET /warm", () -> Uni.createFrom().item("ok")), calls / 4);
        double bare = perCall(() -> Uni.createFrom().item("ok"), calls);
        double guarded = perCall(() -> guard.call("GET /noop", () -> Uni.createFrom().item("ok")), calls);
        double withBudget = perCall(() -> budgeted.call("GET /noop", () -> Uni.createFrom().item("ok")), calls / 20);
        report.append(row("bare Uni", calls, bare, bare));
        report.append(row("retry → breaker → timeout", calls, guarded, bare));
        report.append(row("retry → breaker → Postgres budget → timeout", calls / 20, withBudget, bare));

        LOG.infof("%n%s", report);
        if (args.length > 0) {
            Path out = Path.of(args[0]);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report.toString());
            LOG.infof("report written to %s", out);
        }
        return 0;
    }

    private String takes(String budget, String outcome, int callers, Duration slice) {
        AtomicLong count = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        long end = System.nanoTime() + slice.toNanos();
        List<Uni<Void>> loops = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            loops.add(Multi.createBy().repeating().uni(() -> {
                long start = System.nanoTime();
                return budgets.tryTake(budget).invoke(p -> {
                    nanos.addAndGet(System.nanoTime() - start);
                    count.incrementAndGet();
                });
            }).whilst(p -> System.nanoTime() < end).collect().last().replaceWithVoid());
        }
        long started = System.nanoTime();
        Uni.join().all(loops).andFailFast().await().atMost(slice.plusSeconds(60));
        double seconds = (System.nanoTime() - started) / 1e9;
        String line = String.format(Locale.ROOT, "| %d | %s | %,.0f | %.2f |%n", callers, outcome, count.get() / seconds,
                nanos.get() / 1e6 / Math.max(1, count.get()));
        LOG.info(line.strip());
        return line;
    }

    private static double perCall(Supplier<Uni<String>> call, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            call.get().await().indefinitely();
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }

    private static String row(String chain, int calls, double micros, double bare) {
        return String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f |%n", chain, calls, micros, micros - bare);
    }
}
