package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.suite.testing.OpenApiAnswers;
import io.suite.testing.SecretsScan;

/**
 * The fleet every scenario runs against, started once per test run (JUnit's root store) and stopped when the run ends:
 * the sandbox, two catalog-service and two account-service instances, one (full profile: three) marketdata-service
 * instances, all from copies of their built app dirs, on ports 48xxx, on a database of their own ({@code suite_faults},
 * emptied at start) reached through {@link PgProxy}. When the run ends: every process stopped, the logs and a dump of
 * the database scanned for plaintext secrets (scenario 6), and the report written.
 */
public final class Fleet implements BeforeAllCallback, AfterAllCallback {

    static final Path ROOT = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
    static final String CURSOR_KEY = UUID.randomUUID() + "-" + UUID.randomUUID();
    static final String DATABASE = System.getenv().getOrDefault("FAULTS_DB_NAME", "suite_faults");
    static final int SANDBOX_PORT = 48090;
    static final int PROXY_PORT = 48432;
    /** Product-data and Polygon budgets of the fleet, equal to the sandbox's limits for them. */
    static final int PRODUCT_DATA_PER_SECOND = 20;
    static final int POLYGON_PER_SECOND = 20;
    /**
     * Budgets 10 % slower than the sandbox's limits (as the Polygon free plan's 5/66s against 5/60s) and with a small
     * burst: a budget equal to the limit, burst included, let 429s through (9 from three marketdata replicas under
     * overload, 1 on Ads in the outage scenario), because a grant and the call's arrival upstream are apart by a
     * varying delay; the upstream's spare burst capacity is what absorbs that jitter.
     */
    static final String POLYGON_BUDGET = "2/110ms";
    static final String ADS_BUDGET = "10/3300ms";
    /** Reactive pool per instance (Quarkus' default is 20). */
    static final int POOL_SIZE = 6;
    /** As deploy/local/up and the benchmarks run them. */
    static final String SERVICE_HEAP = "512m";

    private static volatile Fleet current;

    final FaultProfile profile = FaultProfile.current();
    final Path run = ROOT.resolve("deploy/local/run/faults");
    final Db db = new Db(DATABASE);
    final String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    PgProxy proxy;
    Tokens tokens;
    String tokenKey;
    Proc sandbox;
    final List<Proc> catalog = new ArrayList<>();
    final List<Proc> accounts = new ArrayList<>();
    final List<Proc> marketdata = new ArrayList<>();
    List<String> asins;
    List<String> tickers;
    JsonNode sandboxUsers;
    final String admin;
    final UUID adminUser = UUID.randomUUID();

    static Fleet current() {
        assertThat(current).as("the fleet is started by @ExtendWith(Fleet.class)").isNotNull();
        return current;
    }

    public Fleet() {
        this.admin = null;
    }

    private Fleet(boolean start) throws Exception {
        Files.createDirectories(run.resolve("logs"));
        try (Stream<Path> old = Files.list(run.resolve("logs"))) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        tokens = new Tokens(run.resolve("jwt"));
        admin = tokens.admin(adminUser);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        tokenKey = Base64.getEncoder().encodeToString(key);
        // the proxy's port first: if another fleet is running (its port taken), fail before touching its database
        proxy = new PgProxy(PROXY_PORT, Db.HOST, Db.PORT);
        try {
            proxy.resume();
        } catch (BindException e) {
            throw new IllegalStateException("port " + PROXY_PORT + " is taken: another fault-test fleet seems to be running", e);
        }
        prepareDatabase();
        copyApps();
        Duration bd = profile.breakerDelay();
        sandbox = new Proc("sandbox", "sandbox", SANDBOX_PORT, SANDBOX_PORT, run.resolve("apps/sandbox"), run,
                Map.of("SANDBOX_PORT", String.valueOf(SANDBOX_PORT), "SANDBOX_PRODUCTS_COUNT", profile.full() ? "20000" : "10000",
                        "SANDBOX_LIMITS_PAAPI", PRODUCT_DATA_PER_SECOND + "/1s",
                        "SANDBOX_LIMITS_POLYGON_PAID", POLYGON_PER_SECOND + "/1s", "QUARKUS_HTTP_HOST", "127.0.0.1"),
                List.of(), "768m");
        for (int i = 0; i < 2; i++) {
            catalog.add(service("catalog-" + (char) ('a' + i), "catalog-service", 48301 + i, 48401 + i, catalogEnv(48301 + i,
                    48401 + i),
                    List.of("-Dresilience.upstreams.paapi.breaker.delay=" + bd.toMillis() + "ms",
                            "-Dresilience.upstreams.creators.breaker.delay=" + bd.toMillis() + "ms")));
            accounts.add(service("accounts-" + (char) ('a' + i), "account-service", 48101 + i, 48201 + i, accountsEnv(48101 + i,
                    48201 + i),
                    List.of("-Dresilience.upstreams.lwa.breaker.delay=" + bd.toMillis() + "ms",
                            "-Dresilience.upstreams.ads.breaker.delay=" + bd.toMillis() + "ms",
                            "-Dresilience.upstreams.lwa.retry.cap=4s", "-Dresilience.upstreams.ads.retry.cap=4s",
                            // the Ads budget with a 10 % margin on the window (as the Polygon free plan has): the same
                            // bucket as the sandbox's 100/30s let one 429 through in the outage scenario (timing jitter)
                            "-Dresilience.budgets.ads.limits=" + ADS_BUDGET)));
        }
        for (int i = 0; i < profile.marketdataReplicas(); i++) {
            marketdata.add(service("marketdata-" + (char) ('a' + i), "marketdata-service", 48501 + i, 48601 + i,
                    marketdataEnv(48501 + i, 48601 + i), List.of("-Dresilience.budgets.polygon-paid.limits=" + POLYGON_BUDGET,
                            "-Dresilience.upstreams.polygon.breaker.delay=" + bd.toMillis() + "ms")));
        }
        // last resort (a surefire timeout, Ctrl-C): no process of the fleet outlives the test JVM
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "fault-fleet-stop"));
        try {
            sandbox.start();
            services().forEach(Proc::start);
            sandbox.awaitReady(Duration.ofSeconds(240));
            for (Proc p : services()) {
                p.awaitReady(Duration.ofSeconds(240));
            }
        } catch (RuntimeException | Error e) {
            stopAll();
            throw e;
        }
        JsonNode data = Http.get("http://127.0.0.1:" + SANDBOX_PORT + "/_control/data", null).json();
        List<String> a = new ArrayList<>();
        data.get("asins").forEach(n -> a.add(n.asText()));
        List<String> t = new ArrayList<>();
        data.get("tickers").forEach(n -> t.add(n.asText()));
        asins = List.copyOf(a);
        tickers = List.copyOf(t);
        sandboxUsers = data.get("users");
        Report.HEADER.add("Fleet: sandbox, catalog-service x" + catalog.size() + ", account-service x" + accounts.size()
                + ", marketdata-service x" + marketdata.size() + " (java -jar from copies of the built apps), one database `"
                + DATABASE + "` reached through a TCP proxy (the Postgres \"restart\" of scenario 2). Budgets against the sandbox"
                + " limits: product data " + PRODUCT_DATA_PER_SECOND + "/s (one permit every 50 ms), Polygon " + POLYGON_BUDGET
                + " against the sandbox's " + POLYGON_PER_SECOND + "/1s, Ads " + ADS_BUDGET
                + " against 100/30s; breaker delays shortened to " + bd.toSeconds() + " s; database pool " + POOL_SIZE
                + " connections per instance.");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Fleet.class, k -> {
            try {
                Fleet f = new Fleet(true);
                current = f;
                return new Handle(f);
            } catch (Exception | AssertionError e) {
                throw new IllegalStateException("the fault-test fleet did not start", e);
            }
        }, Handle.class);
    }

    /**
     * The OpenAPI drift check after each scenario class (issue 16): every (method, path, status) the class got from a
     * service must be declared by that service's own {@code /q/openapi}, read from a live instance of it.
     */
    @Override
    public void afterAll(ExtensionContext context) {
        OpenApiAnswers answers = Http.takeAnswers();
        Fleet fleet = current;
        if (fleet == null) {
            return; // the fleet did not start: that failure is the one to report
        }
        System.out.printf("OpenAPI drift check after %s: %d distinct (service, method, path, status) answers%n",
                context.getDisplayName(), answers.received().size());
        assertThat(answers.undeclared(fleet::openApiDocument))
                .as("%s: answers of %d recorded (method, path, status) that the service's OpenAPI document does not declare",
                        context.getDisplayName(), answers.received().size())
                .isEmpty();
    }

    /** The OpenAPI document of a live instance of {@code service}, or null when none is alive. */
    OpenApiAnswers.Document openApiDocument(String service) {
        return services().stream().filter(p -> p.kind.equals(service) && p.alive()).findFirst()
                .map(p -> OpenApiAnswers.Document.fetch(p.management() + "/q/openapi?format=json")).orElse(null);
    }

    /** Every process of the fleet stopped (SIGTERM, then SIGKILL after 20 s) and the proxy closed. */
    void stopAll() {
        List<Proc> all = new ArrayList<>(services());
        if (sandbox != null) {
            all.add(sandbox);
        }
        all.parallelStream().forEach(Proc::stop);
        if (proxy != null) {
            proxy.close();
        }
    }

    List<Proc> services() {
        List<Proc> all = new ArrayList<>(catalog);
        all.addAll(accounts);
        all.addAll(marketdata);
        return all;
    }

    String sandboxUrl() {
        return "http://127.0.0.1:" + SANDBOX_PORT;
    }

    Http.Answer control(String method, String path, String json) {
        String url = sandboxUrl() + "/_control" + path;
        return switch (method) {
            case "GET" -> Http.get(url, null);
            case "POST" -> Http.post(url, null, json);
            case "PUT" -> Http.put(url, json);
            case "DELETE" -> Http.delete(url);
            default -> throw new IllegalArgumentException(method);
        };
    }

    JsonNode counters() {
        return control("GET", "/counters", null).json();
    }

    private Proc service(String name, String module, int http, int mgmt, Map<String, String> env, List<String> props) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("SUITE_DB_NAME", DATABASE);
        all.put("SUITE_DB_HOST", "127.0.0.1");
        all.put("SUITE_DB_PORT", String.valueOf(PROXY_PORT));
        all.put("SUITE_JSON_LOGS", "true");
        // one cursor key for the fleet, as every replica of a service shares one in production
        all.put("SUITE_CURSOR_KEY", CURSOR_KEY);
        all.put("SUITE_JWT_ISSUER", Tokens.ISSUER);
        all.put("SUITE_JWT_AUDIENCE", Tokens.AUDIENCE);
        all.put("SUITE_JWT_MAX_AGE_SECONDS", String.valueOf(Tokens.LIFETIME_SECONDS));
        all.put("SUITE_JWT_PUBLIC_KEY_LOCATION", "file:" + run.resolve("jwt/public.pem"));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        // no trace collector in the fleet: tracing off, as deploy/local runs without one
        all.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        // the default pool of 20 per instance, times 7 instances, exhausted the shared server's max_connections (100)
        // in the first full run (FATAL 53300): the fleet must fit beside other users of the server
        all.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", String.valueOf(POOL_SIZE));
        all.put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "2");
        return new Proc(name, module, http, mgmt, run.resolve("apps/" + module), run, all, props, SERVICE_HEAP);
    }

    private Map<String, String> catalogEnv(int http, int mgmt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CATALOG_HTTP_PORT", String.valueOf(http));
        env.put("CATALOG_MANAGEMENT_PORT", String.valueOf(mgmt));
        env.put("CATALOG_DB_APP_PASSWORD", "catalog_app_local");
        env.put("CATALOG_DB_OWNER_PASSWORD", "catalog_owner_local");
        // PA-API 5.0 explicitly (the default source is the Creators API): the scenarios read the sandbox's PA-API counters
        env.put("CATALOG_SOURCE", "paapi");
        env.put("CATALOG_PAAPI_ENDPOINT", sandboxUrl());
        env.put("CATALOG_STORES_US_ACCESS_KEY", "SANDBOXACCESSKEYID01");
        env.put("CATALOG_STORES_US_SECRET_KEY", "sandbox/paapi/secret/key");
        env.put("CATALOG_STORES_US_PARTNER_TAGS", "www.amazon.com=suite-20");
        // the store's budget at the fleet's pace: one permit every 50 ms (20/s) against the sandbox's 20/s
        env.put("CATALOG_STORES_US_BUDGET", "1/" + (1000 / PRODUCT_DATA_PER_SECOND) + "ms");
        // the rolling refresh every second, so a backlog or a dead instance's leases are picked up at once
        env.put("CATALOG_REFRESH_EVERY", "1s");
        env.put("CATALOG_REFRESH_INITIAL_DELAY", "1s");
        env.put("CATALOG_REFRESH_CONCURRENCY", "4");
        env.put("CATALOG_REFRESH_LEASE", "5s");
        env.put("CATALOG_REFRESH_RETRY_DELAY", "10s");
        return env;
    }

    private Map<String, String> accountsEnv(int http, int mgmt) {
        String sb = sandboxUrl();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ACCOUNTS_HTTP_PORT", String.valueOf(http));
        env.put("ACCOUNTS_MANAGEMENT_PORT", String.valueOf(mgmt));
        env.put("ACCOUNTS_DB_APP_PASSWORD", "accounts_app_local");
        env.put("ACCOUNTS_DB_OWNER_PASSWORD", "accounts_owner_local");
        env.put("ACCOUNTS_TOKEN_KEY", tokenKey);
        env.put("ACCOUNTS_LWA_CLIENT_ID", "amzn1.application-oa2-client.sandbox");
        env.put("ACCOUNTS_LWA_CLIENT_SECRET", "sandbox-lwa-client-secret");
        env.put("ACCOUNTS_LWA_AUTHORIZE_URL", sb + "/lwa/ap/oa");
        env.put("ACCOUNTS_LWA_URL", sb + "/lwa");
        env.put("ACCOUNTS_LWA_REDIRECT_URI", "http://127.0.0.1:" + http + "/api/v1/auth/amazon/callback");
        env.put("ACCOUNTS_ADS_URL_NA", sb + "/ads/na");
        env.put("ACCOUNTS_ADS_URL_EU", sb + "/ads/eu");
        env.put("ACCOUNTS_ADS_URL_FE", sb + "/ads/fe");
        env.put("ACCOUNTS_SYNC_EVERY", "off");
        env.put("ACCOUNTS_REFRESH_EVERY", "1s");
        env.put("ACCOUNTS_REFRESH_INITIAL_DELAY", "1s");
        env.put("ACCOUNTS_REFRESH_LEASE", "5s");
        env.put("ACCOUNTS_REFRESH_BATCH", "50");
        env.put("ACCOUNTS_REFRESH_CONCURRENCY", "4");
        return env;
    }

    private Map<String, String> marketdataEnv(int http, int mgmt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MARKETDATA_HTTP_PORT", String.valueOf(http));
        env.put("MARKETDATA_MANAGEMENT_PORT", String.valueOf(mgmt));
        env.put("MARKETDATA_DB_APP_PASSWORD", "marketdata_app_local");
        env.put("MARKETDATA_DB_OWNER_PASSWORD", "marketdata_owner_local");
        env.put("POLYGON_API_KEY", "sandbox-polygon-paid");
        env.put("POLYGON_BASE_URL", sandboxUrl() + "/polygon");
        env.put("POLYGON_BUDGET", "polygon-paid");
        env.put("POLYGON_PLAN", "advanced"); // declared: the scenarios measure outages and budgets, not plan discovery
        env.put("MARKETDATA_CACHE_QUOTE_TTL_OPEN", "1s");
        env.put("MARKETDATA_CACHE_TTL_CLOSED", "1s");
        return env;
    }

    /** An empty database of our own: deploy/local/db makes it (and the schemas and roles), the owners empty it. */
    private void prepareDatabase() throws IOException, InterruptedException {
        runDbScript();
        for (String schema : List.of("accounts", "marketdata", "catalog")) {
            try (var c = db.owner(schema); var s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            } catch (SQLException e) {
                throw new IllegalStateException("could not empty schema " + schema, e);
            }
        }
        runDbScript();
    }

    private void runDbScript() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("deploy/local/db").directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("SUITE_DB_NAME", DATABASE);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("deploy/local/db finished").isTrue();
        assertThat(p.exitValue()).as("deploy/local/db failed:%n%s", out).isZero();
    }

    /** Copies, so that a rebuild elsewhere during the run cannot pull jars from under the processes. */
    private void copyApps() throws IOException {
        for (String module : List.of("deploy/sandbox", "catalog-service", "account-service", "marketdata-service")) {
            Path from = ROOT.resolve(module).resolve("target/quarkus-app");
            assertThat(from.resolve("quarkus-run.jar")).as("%s is built (./mvnw package)", module).exists();
            Path to = run.resolve("apps").resolve(module.equals("deploy/sandbox") ? "sandbox" : module);
            deleteTree(to);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** Where the report goes: the benchmark reports for the full profile, the module's target dir for CI. */
    Path reportFile() {
        return profile.full() ? ROOT.resolve("deploy/bench/reports/faults.md")
                : ROOT.resolve("deploy/fault-tests/target/faults-report/faults.md");
    }

    Path plotFile(String name) {
        return reportFile().getParent().resolve("faults").resolve(name);
    }

    /** Closed by JUnit when the whole run ends. */
    static final class Handle implements ExtensionContext.Store.CloseableResource {
        private final Fleet fleet;

        Handle(Fleet fleet) {
            this.fleet = fleet;
        }

        @Override
        public void close() throws Exception {
            List<Proc> all = new ArrayList<>(fleet.services());
            all.add(fleet.sandbox);
            fleet.stopAll();
            List<String> leaks = SecretsScan.findLeaks(fleet.run.resolve("logs"), DATABASE, List.of(fleet.tokenKey));
            Report.section("secrets", "6. Secrets after all scenarios")
                    .intro("Every log of the run (" + all.size() + " processes) and a pg_dump of each service schema of `" + DATABASE
                            + "`, searched for LWA access/refresh token prefixes, every sandbox credential, private keys and the"
                            + " run's token-encryption key.")
                    .row("plaintext secrets found", leaks.size(), "0", leaks.isEmpty());
            leaks.forEach(l -> Report.section("secrets", "").note(l));
            BadInputFigures.addTo(ROOT.resolve("deploy/suite-tests/target/surefire-reports"));
            Report.write(fleet.reportFile(), fleet.profile, fleet.started);
            current = null;
            assertThat(leaks).as("plaintext secrets in logs or the database after the fault scenarios").isEmpty();
            for (Proc p : all) {
                assertThat(p.alive()).as("%s stopped", p).isFalse();
            }
        }
    }
}
