package io.suite.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The alert rules of k8s/base/monitoring as code: promtool checks them and runs their unit tests (src/test/promtool),
 * every alert is tested firing and silent and has a runbook section, and every query of the Grafana dashboard is valid
 * PromQL. promtool comes with Debian's prometheus package (deploy/local/test installs it).
 */
class AlertRulesTest {

    private static final Path ROOT = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
    private static final Path RULE = ROOT.resolve("k8s/base/monitoring/prometheusrule.yaml");
    private static final Path DASHBOARD = ROOT.resolve("k8s/base/monitoring/grafana-dashboard.json");
    private static final Path UNIT_TESTS = ROOT.resolve("k8s/manifest-tests/src/test/promtool");
    private static final Path WORK = ROOT.resolve("k8s/manifest-tests/target/promtool");

    private static String promtool;

    @BeforeAll
    static void promtoolAndTheRuleFile() throws Exception {
        promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable).map(Path::toString).findFirst().orElseThrow(() -> new AssertionError(
                        "promtool is not on PATH: apt-get install prometheus (deploy/local/test does)"));
        Files.createDirectories(WORK);
        // the very extraction the local Prometheus uses (deploy/local/monitoring.sh), not a second implementation
        String extracted = run(60, "bash", "-c", ". \"$1\"; suite_alert_rules \"$2\"", "rules",
                ROOT.resolve("deploy/local/monitoring.sh").toString(), RULE.toString());
        Files.writeString(WORK.resolve("suite-alerts.rules.yaml"), extracted);
        try (Stream<Path> tests = Files.list(UNIT_TESTS)) {
            for (Path test : tests.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(test, WORK.resolve(test.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void theLocalExtractionIsExactlyThePrometheusRulesGroups() throws IOException {
        Map<?, ?> resource = Serialization.unmarshal(Files.readString(RULE), Map.class);
        assertThat(resource.get("kind")).isEqualTo("PrometheusRule");
        Map<?, ?> extracted = Serialization.unmarshal(Files.readString(WORK.resolve("suite-alerts.rules.yaml")),
                Map.class);
        assertThat(extracted).isEqualTo(resource.get("spec"));
    }

    @Test
    void promtoolAcceptsTheRulesAndEveryUnitTestPasses() throws Exception {
        String check = run(60, promtool, "check", "rules", WORK.resolve("suite-alerts.rules.yaml").toString());
        assertThat(check).contains("SUCCESS");
        List<String> command = new ArrayList<>(List.of(promtool, "test", "rules"));
        try (Stream<Path> tests = Files.list(WORK)) {
            tests.filter(p -> p.getFileName().toString().endsWith(".test.yaml")).map(Path::toString).sorted()
                    .forEach(command::add);
        }
        assertThat(command).hasSizeGreaterThan(3);
        assertThat(run(300, command.toArray(String[]::new))).contains("SUCCESS");
    }

    @Test
    void everyAlertIsTestedFiringAndSilentAndHasARunbookSection() throws IOException {
        Set<String> alerts = alertNames();
        assertThat(alerts).contains("UpstreamBreakerOpen", "UpstreamThrottled", "RateBudgetRefusing",
                "RateBudgetWaitsClimbing", "RefreshBacklogGrowing", "RefreshBacklogLate",
                "ProactiveTokenRefreshFailing", "DatabasePoolExhausted", "ReadinessFlapping", "SloErrorBudgetBurnFast",
                "SloErrorBudgetBurnSlow", "SloLatencyBudgetBurnFast", "SloLatencyBudgetBurnSlow");

        Map<String, int[]> firingAndSilent = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(UNIT_TESTS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".test.yaml")).toList()) {
                Map<?, ?> doc = Serialization.unmarshal(Files.readString(file), Map.class);
                for (Object test : (List<?>) doc.get("tests")) {
                    for (Object evaluation : listOf(((Map<?, ?>) test).get("alert_rule_test"))) {
                        Map<?, ?> e = (Map<?, ?>) evaluation;
                        int[] counts = firingAndSilent.computeIfAbsent((String) e.get("alertname"), k -> new int[2]);
                        counts[listOf(e.get("exp_alerts")).isEmpty() ? 1 : 0]++;
                    }
                }
            }
        }
        String runbook = Files.readString(ROOT.resolve("k8s/RUNBOOK.md"));
        for (String alert : alerts) {
            int[] counts = firingAndSilent.getOrDefault(alert, new int[2]);
            assertThat(counts[0]).as("promtool tests where %s fires", alert).isPositive();
            assertThat(counts[1]).as("promtool tests where %s stays silent", alert).isPositive();
            assertThat(runbook).as("k8s/RUNBOOK.md has a section for %s", alert).contains("\n## " + alert + "\n");
        }
        for (Map<?, ?> rule : rules()) {
            if (rule.get("alert") != null) {
                Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
                assertThat(annotations.get("runbook_url")).as("runbook_url of %s", rule.get("alert"))
                        .isEqualTo("k8s/RUNBOOK.md#" + ((String) rule.get("alert")).toLowerCase());
                assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).as("severity of %s", rule.get("alert"))
                        .isIn("warning", "critical");
            }
        }
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(15);
        StringBuilder file = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            file.append("      - record: dashboard:query_").append(i).append(":check\n        expr: ")
                    .append(Serialization.asJson(queries.get(i))).append('\n');
        }
        Path rules = WORK.resolve("dashboard-queries.rules.yaml");
        Files.writeString(rules, file);
        assertThat(run(60, promtool, "check", "rules", rules.toString()))
                .contains("SUCCESS: " + queries.size() + " rules found");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static List<String> dashboardQueries() throws IOException {
        Map<?, ?> dashboard = Serialization.unmarshal(Files.readString(DASHBOARD), Map.class);
        List<String> queries = new ArrayList<>();
        for (Object panel : listOf(dashboard.get("panels"))) {
            for (Object target : listOf(((Map<?, ?>) panel).get("targets"))) {
                queries.add((String) ((Map<?, ?>) target).get("expr"));
            }
        }
        return queries;
    }

    private static Set<String> alertNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Map<?, ?> rule : rules()) {
            if (rule.get("alert") != null) {
                names.add((String) rule.get("alert"));
            }
        }
        return names;
    }

    private static List<Map<?, ?>> rules() throws IOException {
        Map<?, ?> resource = Serialization.unmarshal(Files.readString(RULE), Map.class);
        List<Map<?, ?>> rules = new ArrayList<>();
        for (Object group : listOf(((Map<?, ?>) resource.get("spec")).get("groups"))) {
            for (Object rule : listOf(((Map<?, ?>) group).get("rules"))) {
                rules.add((Map<?, ?>) rule);
            }
        }
        return rules;
    }

    private static List<?> listOf(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static String run(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", command), out).isZero();
        return out;
    }
}
