package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.restassured.RestAssured;
import io.suite.testing.SecretsScan;

/**
 * The suite as real processes, started once for all suite test classes with {@code deploy/local/up} and stopped at
 * the end of the run with {@code deploy/local/down}, which must leave none of the processes it started behind.
 */
public class RunningSuite implements BeforeAllCallback {

    static final Path ROOT = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
    static final String GATEWAY = "http://127.0.0.1:" + System.getenv().getOrDefault("SUITE_GATEWAY_PORT", "8080");
    /** Each service's management interface (health, metrics and its OpenAPI document). */
    static final Map<String, String> MANAGEMENT = Map.of(
            "account-service", "http://127.0.0.1:" + System.getenv().getOrDefault("ACCOUNTS_MANAGEMENT_PORT", "9081"),
            "marketdata-service", "http://127.0.0.1:" + System.getenv().getOrDefault("MARKETDATA_MANAGEMENT_PORT", "9082"),
            "catalog-service", "http://127.0.0.1:" + System.getenv().getOrDefault("CATALOG_MANAGEMENT_PORT", "9083"));
    static final List<String> PROCESSES = List.of("sandbox", "account-service", "marketdata-service", "catalog-service");
    /**
     * The suite tests get a database of their own, emptied by Flyway at start-up: whatever a developer's runs left in
     * the dev database "suite" cannot make them pass or fail.
     */
    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("SUITE_DB_NAME", System.getenv().getOrDefault("SUITE_E2E_DB_NAME", "suite_e2e")),
            Map.entry("QUARKUS_FLYWAY_CLEAN_DISABLED", "false"),
            Map.entry("QUARKUS_FLYWAY_CLEAN_AT_START", "true"),
            // market data: the seed's own configuration, the free key (its plan undeclared: learned from the 403s), with the
            // free plan's call rate lifted in the sandbox and the budget (5/min would make the suite wait minutes; the
            // rate is measured by deploy/bench/marketdata); freshness and breaker delays short enough to watch an outage
            Map.entry("POLYGON_API_KEY", "sandbox-polygon-free"),
            Map.entry("POLYGON_BUDGET", "polygon-paid"),
            Map.entry("SANDBOX_LIMITS_POLYGON_FREE", "unlimited"),
            Map.entry("MARKETDATA_CACHE_QUOTE_TTL_OPEN", "1s"),
            Map.entry("MARKETDATA_CACHE_TTL_CLOSED", "1s"),
            Map.entry("RESILIENCE_UPSTREAMS_POLYGON_BREAKER_DELAY", "2s"),
            // catalog: no scheduled refresh, the tests run it themselves; a scheduled run that found a product due
            // mid-test made the sandbox's call counters one higher than the test's own calls
            Map.entry("CATALOG_REFRESH_EVERY", "off"),
            // traces: the services export their spans to the sandbox's OTLP/HTTP receiver (POST /v1/traces, which the
            // exporter appends to the endpoint for http/protobuf), in batches sent every 100 ms instead of 5 s, so
            // TracingSuiteTest reads a request's spans from /_control/traces moments after its answer
            Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", SANDBOX),
            Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            Map.entry("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"));

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningSuite.class, k -> Handle.start(), Handle.class);
    }

    /** Closed by JUnit when the whole run ends. */
    static final class Handle implements ExtensionContext.Store.CloseableResource {
        private final List<Long> pids;

        private Handle(List<Long> pids) {
            this.pids = pids;
        }

        static Handle start() {
            // every answer of a service to a RestAssured call is recorded for OpenApiDriftTest
            RestAssured.filters(new SuiteAnswers());
            try {
                run(900, "deploy/local/up");
                List<Long> pids = new ArrayList<>();
                for (String name : PROCESSES) {
                    pids.add(pid("deploy/local/run/pids/" + name + ".pid"));
                }
                pids.add(pid("deploy/local/run/nginx/nginx.pid"));
                return new Handle(pids);
            } catch (Exception | AssertionError e) {
                try {
                    run(120, "deploy/local/down");
                } catch (Exception | AssertionError ignored) {
                    // the start failure is the one to report
                }
                throw new IllegalStateException("deploy/local/up failed", e);
            }
        }

        @Override
        public void close() throws Exception {
            List<String> leaks = SecretsScan.findLeaks(ROOT.resolve("deploy/local/run/logs"), ENVIRONMENT.get("SUITE_DB_NAME"));
            // the local Prometheus, when a test started it (deploy/local/up --with-monitoring)
            if (Files.exists(ROOT.resolve("deploy/local/run/pids/prometheus.pid"))) {
                pids.add(pid("deploy/local/run/pids/prometheus.pid"));
            }
            run(120, "deploy/local/down");
            assertThat(leaks).as("plaintext secrets in logs or the database after the suite ran").isEmpty();
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("process %d stopped by deploy/local/down", pid).isFalse();
            }
        }
    }

    private static long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(ROOT.resolve(file)).trim());
    }

    static String run(int seconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(ENVIRONMENT);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished in %d s", String.join(" ", command), seconds).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", command), text).isZero();
        return text;
    }
}
