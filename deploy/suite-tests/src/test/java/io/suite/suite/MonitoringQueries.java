package io.suite.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The PromQL the suite's monitoring runs: the expressions of the PrometheusRule and of the Grafana dashboard's
 * panels, and the metric names they read.
 */
final class MonitoringQueries {

    static final Path RULE = RunningSuite.ROOT.resolve("k8s/base/monitoring/prometheusrule.yaml");
    static final Path DASHBOARD = RunningSuite.ROOT.resolve("k8s/base/monitoring/grafana-dashboard.json");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private MonitoringQueries() {
    }

    record Rule(String name, boolean alert, String expr) {
    }

    static List<Rule> rules() throws IOException {
        JsonNode resource = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RULE));
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : resource.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                boolean alert = rule.has("alert");
                rules.add(new Rule(rule.path(alert ? "alert" : "record").asText(), alert, rule.path("expr").asText()));
            }
        }
        return rules;
    }

    static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        return queries;
    }

    /**
     * The metric names a PromQL expression reads: identifiers that are not label names (in braces or grouping
     * clauses), durations, strings, keywords or functions (followed by a parenthesis).
     */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\[[^\\]]*]", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group();
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            boolean function = s.substring(m.end()).stripLeading().startsWith("(");
            if (!number && !function && !KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }
}
