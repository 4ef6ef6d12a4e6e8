package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;

/**
 * The suite's monitoring against the running services: {@code deploy/local/up --with-monitoring} starts a real
 * Prometheus with the PrometheusRule's groups; an upstream outage takes the breaker alert to pending (its {@code for}
 * is 5 minutes) and it clears after recovery. And every metric the alerts and the dashboard read is one the services
 * really expose, so a renamed metric breaks this build, not the on-call's dashboard.
 */
@ExtendWith(RunningSuite.class)
class MonitoringSuiteTest {

    static final String PROMETHEUS = "http://127.0.0.1:" + System.getenv().getOrDefault("SUITE_PROMETHEUS_PORT", "9090");
    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    static final String MARKET_DATA = RunningSuite.GATEWAY + "/api/v1/market-data";
    static final String USER = "Bearer " + DevTokens.user(UUID.randomUUID());
    static final String ADMIN = "Bearer " + DevTokens.admin(UUID.randomUUID());
    static final Map<String, String> MANAGEMENT = new LinkedHashMap<>();
    static {
        MANAGEMENT.put("account-service", "http://127.0.0.1:" + System.getenv().getOrDefault("ACCOUNTS_MANAGEMENT_PORT", "9081"));
        MANAGEMENT.put("marketdata-service", "http://127.0.0.1:" + System.getenv().getOrDefault("MARKETDATA_MANAGEMENT_PORT", "9082"));
        MANAGEMENT.put("catalog-service", "http://127.0.0.1:" + System.getenv().getOrDefault("CATALOG_MANAGEMENT_PORT", "9083"));
    }
    /** Read by the rules and the dashboard but exposed by Kubernetes (kube-state-metrics) or Prometheus itself. */
    static final Set<String> NOT_FROM_THE_SERVICES = Set.of("kube_pod_status_ready", "ALERTS");

    @BeforeAll
    static void prometheus() throws Exception {
        String out = RunningSuite.run(300, "deploy/local/up", "--with-monitoring");
        assertThat(out).contains("Prometheus         " + PROMETHEUS);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Object>> targets = given().get(PROMETHEUS + "/api/v1/targets?state=active")
                    .then().statusCode(200).extract().jsonPath().getList("data.activeTargets");
            Map<String, Object> health = new LinkedHashMap<>();
            targets.forEach(t -> health.put(String.valueOf(((Map<?, ?>) t.get("labels")).get("job")), t.get("health")));
            assertThat(health).containsOnly(Map.entry("account-service", "up"), Map.entry("marketdata-service", "up"),
                    Map.entry("catalog-service", "up"));
        });
        given().get(PROMETHEUS + "/api/v1/rules").then().statusCode(200)
                .body("data.groups.name", org.hamcrest.Matchers.hasItems("suite-upstreams", "suite-slo-alerts"));
    }

    @Test
    void anUpstreamOutageTakesTheBreakerAlertToPendingAndRecoveryClearsIt() {
        given().header("Authorization", USER).when().get(MARKET_DATA + "/SPY/quote").then().statusCode(200);
        try {
            given().contentType(ContentType.JSON).body("{\"outageSeconds\":600}")
                    .when().put(SANDBOX + "/_control/faults/polygon").then().statusCode(org.hamcrest.Matchers.lessThan(300));
            // tickers never cached: each request reaches the breaker (5 failed attempts open it)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<CompletableFuture<Integer>> calls = new ArrayList<>();
                for (String ticker : List.of("IWM", "DIA", "EEM")) {
                    calls.add(CompletableFuture.supplyAsync(() -> given().header("Authorization", USER)
                            .when().get(MARKET_DATA + "/" + ticker + "/quote").statusCode()));
                }
                calls.forEach(CompletableFuture::join);
                assertThat(breakerAlertState()).as("UpstreamBreakerOpen for polygon in Prometheus")
                        .isIn("pending", "firing");
            });
        } finally {
            given().when().delete(SANDBOX + "/_control/faults/polygon");
        }
        // the next upstream call after the breaker's delay (2 s here) is its probe; it succeeds and the breaker closes.
        // On the free plan a listed stock's quote is its previous close from the grouped-daily bars already in Postgres,
        // which calls nobody: only a ticker outside them (a new one each time, so never cached) reaches Polygon.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            given().header("Authorization", USER).when().get(MARKET_DATA + "/" + unlistedTicker() + "/quote");
            assertThat(breakerAlertState()).as("UpstreamBreakerOpen after recovery").isEqualTo("inactive");
        });
    }

    /** A ticker the sandbox does not list (its grouped-daily bars lack it), different on every call. */
    private static String unlistedTicker() {
        StringBuilder ticker = new StringBuilder("QZ");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 3; i++) {
            ticker.append((char) ('A' + random.nextInt(26)));
        }
        return ticker.toString();
    }

    /** pending, firing or inactive, for marketdata-service's polygon breaker. */
    private static String breakerAlertState() {
        List<Map<String, Object>> alerts = given().get(PROMETHEUS + "/api/v1/alerts").then().statusCode(200)
                .extract().jsonPath().getList("data.alerts");
        return alerts.stream().filter(a -> {
            Map<?, ?> labels = (Map<?, ?>) a.get("labels");
            return "UpstreamBreakerOpen".equals(labels.get("alertname")) && "polygon".equals(labels.get("upstream"))
                    && "marketdata-service".equals(labels.get("job"));
        }).map(a -> String.valueOf(a.get("state"))).findFirst().orElse("inactive");
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsExposedByTheServices() throws Exception {
        // traffic that makes the request and upstream meters appear: a quote (Polygon), a catalog refresh run (leases)
        given().header("Authorization", USER).when().get(MARKET_DATA + "/SPY/quote");
        given().header("Authorization", ADMIN).when().post(RunningSuite.GATEWAY + "/api/v1/catalog/refresh-jobs/run")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 409));
        given().header("Authorization", USER).when().get(RunningSuite.GATEWAY + "/api/v1/accounts").then().statusCode(200);

        Set<String> exposed = new TreeSet<>();
        for (String url : MANAGEMENT.values()) {
            String text = given().get(url + "/q/metrics").then().statusCode(200).extract().asString();
            text.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("[{ ]", 2)[0]).forEach(exposed::add);
        }

        Set<String> recorded = new LinkedHashSet<>();
        Map<String, Set<String>> readBy = new LinkedHashMap<>();
        for (MonitoringQueries.Rule rule : MonitoringQueries.rules()) {
            if (!rule.alert()) {
                recorded.add(rule.name());
            }
            for (String name : MonitoringQueries.metricNames(rule.expr())) {
                readBy.computeIfAbsent(name, k -> new TreeSet<>()).add("rule " + rule.name());
            }
        }
        List<String> panels = MonitoringQueries.dashboardQueries();
        Set<String> readByPanels = new LinkedHashSet<>();
        for (String query : panels) {
            for (String name : MonitoringQueries.metricNames(query)) {
                readBy.computeIfAbsent(name, k -> new TreeSet<>()).add("dashboard");
                readByPanels.add(name);
            }
        }

        Map<String, Set<String>> missing = new LinkedHashMap<>();
        readBy.forEach((name, readers) -> {
            if (!recorded.contains(name) && !NOT_FROM_THE_SERVICES.contains(name) && !exposed.contains(name)) {
                missing.put(name, readers);
            }
        });
        assertThat(missing).as("metrics read by the alerts or the dashboard that no service exposes (of %d exposed)",
                exposed.size()).isEmpty();
        assertThat(readBy).containsKeys("resilience_breaker_state", "resilience_lease_backlog", "sql_pool_idle",
                "accounts_token_refresh_total", "http_server_requests_seconds_bucket");

        // the dashboard covers every signal an alert reads (directly, or through a recording rule)
        Set<String> alertSignals = new TreeSet<>();
        for (MonitoringQueries.Rule rule : MonitoringQueries.rules()) {
            MonitoringQueries.metricNames(rule.expr()).stream().filter(n -> !recorded.contains(n)).forEach(alertSignals::add);
        }
        Set<String> uncovered = new TreeSet<>(alertSignals);
        uncovered.removeAll(readByPanels);
        assertThat(uncovered).as("metrics alerts read that no dashboard panel shows").isEmpty();
    }
}
