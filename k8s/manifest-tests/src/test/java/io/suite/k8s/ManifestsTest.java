package io.suite.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders each overlay with kustomize (kubectl's) and checks what Kubernetes would receive against the services' real
 * configuration: probes on paths they serve, ports they listen on, hardening, documented keys, routes.
 */
class ManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("account-service", "marketdata-service", "catalog-service");
    /** The public path prefixes of the suite (issue 8), which the gateway must route and nothing else. */
    private static final Map<String, String> PUBLIC_PREFIXES = new LinkedHashMap<>();
    static {
        PUBLIC_PREFIXES.put("/api/v1/accounts", "account-service");
        PUBLIC_PREFIXES.put("/api/v1/auth", "account-service");
        PUBLIC_PREFIXES.put("/api/v1/tokens", "account-service");
        PUBLIC_PREFIXES.put("/dashboard", "account-service");
        PUBLIC_PREFIXES.put("/api/v1/market-data", "marketdata-service");
        PUBLIC_PREFIXES.put("/api/v1/catalog", "catalog-service");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyDeploymentProbesPathsTheServiceServesOnItsManagementPort(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        for (String service : SERVICES) {
            Deployment d = one(objects, Deployment.class, service);
            Properties app = applicationProperties(service);
            assertThat(app.getProperty("quarkus.management.enabled"))
                    .as("%s serves health on the management port", service).isEqualTo("true");
            int management = defaultOf(app.getProperty("quarkus.management.port"));
            int http = defaultOf(app.getProperty("quarkus.http.port"));
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);

            Map<String, Integer> ports = new LinkedHashMap<>();
            for (ContainerPort p : c.getPorts()) {
                ports.put(p.getName(), p.getContainerPort());
            }
            assertThat(ports).as("%s container ports", service).containsEntry("http", http).containsEntry("management",
                    management);

            assertProbe(service, "startup", c.getStartupProbe(), "/q/health/started", ports, management);
            assertProbe(service, "liveness", c.getLivenessProbe(), "/q/health/live", ports, management);
            assertProbe(service, "readiness", c.getReadinessProbe(), "/q/health/ready", ports, management);
        }
    }

    private static void assertProbe(String service, String kind, Probe probe, String path, Map<String, Integer> ports,
            int management) {
        assertThat(probe).as("%s %s probe", service, kind).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s %s path", service, kind).isEqualTo(path);
        var port = probe.getHttpGet().getPort();
        int resolved = port.getIntVal() != null ? port.getIntVal() : ports.getOrDefault(port.getStrVal(), -1);
        assertThat(resolved).as("%s %s probe port", service, kind).isEqualTo(management);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void deploymentsAreHardenedSizedAndRolledWithoutDowntime(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        for (String service : SERVICES) {
            Deployment d = one(objects, Deployment.class, service);
            assertThat(d.getSpec().getReplicas()).as("%s replicas", service).isEqualTo(2);
            assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
            var pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", service).isTrue();
            for (Container c : pod.getContainers()) {
                assertThat(c.getResources().getRequests()).as("%s requests", service).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("%s limits", service).containsKeys("cpu", "memory");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as("%s read-only root", service)
                        .isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
            }
            assertThat(one(objects, HorizontalPodAutoscaler.class, service).getSpec().getMinReplicas()).isEqualTo(2);
            assertThat(one(objects, PodDisruptionBudget.class, service).getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", service);
            assertThat(one(objects, NetworkPolicy.class, service).getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", service);
            assertThat(objects).as("%s ServiceMonitor", service)
                    .anyMatch(o -> o.getKind().equals("ServiceMonitor") && o.getMetadata().getName().equals(service));
        }
        // the alerts and the dashboard ship with every overlay (AlertRulesTest tests the rules themselves)
        assertThat(objects).anyMatch(
                o -> o.getKind().equals("PrometheusRule") && o.getMetadata().getName().equals("suite-alerts"));
        assertThat(objects).anyMatch(
                o -> o.getKind().equals("ConfigMap") && o.getMetadata().getName().equals("suite-grafana-dashboard"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyConfigMapAndSecretKeyIsDocumented(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        String documentation = Files.readString(ROOT.resolve("k8s/CONFIG.md"));
        Set<String> keys = new HashSet<>();
        for (String service : SERVICES) {
            Deployment d = one(objects, Deployment.class, service);
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        ConfigMap cm = one(objects, ConfigMap.class, from.getConfigMapRef().getName());
                        keys.addAll(cm.getData().keySet());
                    }
                    assertThat(from.getSecretRef()).as("%s: secrets are referenced key by key", service).isNull();
                }
                for (EnvVar env : c.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        keys.add(env.getValueFrom().getSecretKeyRef().getKey());
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        keys.add(env.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                }
            }
        }
        assertThat(keys).isNotEmpty();
        for (String key : keys) {
            assertThat(documentation).as("k8s/CONFIG.md documents %s", key).contains("`" + key + "`");
        }
        // and no Secret is committed: they are referenced, created by the cluster operator
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void routesCoverEveryPublicPrefixAndNothingElse(String overlay) throws Exception {
        Map<String, String> routed = new LinkedHashMap<>();
        for (HasMetadata o : render(overlay)) {
            if (o instanceof HTTPRoute route) {
                for (var rule : route.getSpec().getRules()) {
                    String backend = rule.getBackendRefs().get(0).getName();
                    for (HTTPRouteMatch match : rule.getMatches()) {
                        assertThat(match.getPath().getType()).isEqualTo("PathPrefix");
                        routed.put(match.getPath().getValue(), backend);
                    }
                }
            }
        }
        assertThat(routed).isEqualTo(PUBLIC_PREFIXES);
    }

    @org.junit.jupiter.api.Test
    void theLocalGatewayRoutesExactlyLikeKubernetes() throws IOException {
        String nginx = Files.readString(ROOT.resolve("deploy/local/gateway/nginx.conf.template"));
        Matcher m = Pattern.compile("location (=\\s+)?(/[^\\s{]*)\\s*\\{\\s*proxy_pass http://(\\w+);").matcher(nginx);
        Map<String, String> routed = new LinkedHashMap<>();
        while (m.find()) {
            String prefix = m.group(2).endsWith("/") ? m.group(2).substring(0, m.group(2).length() - 1) : m.group(2);
            routed.put(prefix, m.group(3).replace('_', '-'));
        }
        assertThat(routed).isEqualTo(PUBLIC_PREFIXES);
    }

    /** Issue 15: the LWA callback's code and state never reach the gateway's access log (Kubernetes side). */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theGatewayLogsPathsWithoutQueryStrings(String overlay) throws Exception {
        // as rendered (the typed Gateway model of the client library does not know spec.infrastructure yet)
        List<String> docs = List.of(renderYaml(overlay).split("(?m)^---\\s*$"));
        String proxy = docs.stream().filter(d -> d.contains("kind: EnvoyProxy\n")).filter(d -> d.contains("telemetry:"))
                .findFirst().orElseThrow();
        assertThat(proxy).contains("%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%").doesNotContain("%REQ(:PATH)%")
                .doesNotContain("%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%").doesNotContain("REQ(REFERER)");
        Matcher name = Pattern.compile("(?m)^metadata:\\s*\\n(?:\\s+.*\\n)*?\\s+name: (\\S+)").matcher(proxy);
        assertThat(name.find()).isTrue();
        String gateway = docs.stream().filter(d -> d.contains("kind: Gateway\n")).findFirst().orElseThrow();
        assertThat(gateway)
                .containsPattern("parametersRef:\\s+group: gateway.envoyproxy.io\\s+kind: EnvoyProxy\\s+name: "
                        + Pattern.quote(name.group(1)));
    }

    /**
     * Issue 18: one trace from the gateway to the upstream call. The gateway's Envoy traces every request to an OTLP
     * collector and each service exports its spans to the same collector, through the variable its configuration reads,
     * and its NetworkPolicy lets it reach that collector's port.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theGatewayAndEveryServiceSendTracesToOneCollector(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        GenericKubernetesResource proxy = objects.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals("EnvoyProxy")).findFirst()
                .orElseThrow();
        Map<String, Object> tracing = proxy.get("spec", "telemetry", "tracing");
        assertThat(tracing).as("EnvoyProxy %s traces", proxy.getMetadata().getName()).isNotNull();
        assertThat(tracing.get("samplingRate")).as("one request in ten sampled at the edge").isEqualTo(10);
        assertThat((Object) proxy.get("spec", "telemetry", "tracing", "provider", "type")).isEqualTo("OpenTelemetry");
        // issue 15 in traces: Envoy's http.url tag holds the query string (the LWA callback's code and state); a custom
        // tag, applied after Envoy's own, replaces it with a literal
        assertThat((Object) proxy.get("spec", "telemetry", "tracing", "customTags", "http.url", "type"))
                .as("http.url replaced by a literal").isEqualTo("Literal");
        assertThat((String) proxy.get("spec", "telemetry", "tracing", "customTags", "http.url", "literal", "value"))
                .doesNotContain("%").doesNotContain("?");
        List<Map<String, Object>> refs = proxy.get("spec", "telemetry", "tracing", "provider", "backendRefs");
        assertThat(refs).as("one collector").hasSize(1);
        String namespace = (String) refs.get(0).get("namespace");
        String host = refs.get(0).get("name") + "." + namespace;
        int port = (Integer) refs.get(0).get("port");

        for (String service : SERVICES) {
            assertThat(applicationProperties(service).getProperty("quarkus.otel.exporter.otlp.endpoint"))
                    .as("%s reads its collector from OTEL_EXPORTER_OTLP_ENDPOINT", service)
                    .startsWith("${OTEL_EXPORTER_OTLP_ENDPOINT:");
            Container c = one(objects, Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(environment(objects, c)).as("%s environment", service)
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + host + ":" + port)
                    .doesNotContainKey("QUARKUS_OTEL_SDK_DISABLED");
            NetworkPolicy policy = one(objects, NetworkPolicy.class, service);
            assertThat(policy.getSpec().getEgress()).as("%s may reach the collector's namespace on %d", service, port)
                    .anySatisfy(rule -> {
                        assertThat(rule.getTo()).anySatisfy(peer -> assertThat(peer.getNamespaceSelector())
                                .extracting(LabelSelector::getMatchLabels).asInstanceOf(InstanceOfAssertFactories.MAP)
                                .containsEntry("kubernetes.io/metadata.name", namespace));
                        assertThat(rule.getPorts()).anySatisfy(p -> {
                            assertThat(p.getPort().getIntVal()).isEqualTo(port);
                            assertThat(p.getProtocol()).isEqualTo("TCP");
                        });
                    });
        }
    }

    /** Issue 15: the same for the local gateway: its log format writes the callback's path, never its query. */
    @org.junit.jupiter.api.Test
    void theLocalGatewayNeverLogsTheCallbackQuery() throws IOException {
        String nginx = Files.readString(ROOT.resolve("deploy/local/gateway/nginx.conf.template"));
        Matcher format = Pattern.compile("log_format\\s+(\\w+)\\s+((?:'[^']*'\\s*)+);").matcher(nginx);
        assertThat(format.find()).as("a log_format of its own").isTrue();
        String fields = format.group(2);
        assertThat(fields).doesNotContainPattern("\\$request\\b").doesNotContain("$args")
                .doesNotContain("$query_string").doesNotContain("$http_referer").contains("$logged_target");
        assertThat(nginx).containsPattern("access_log\\s+\\S+\\s+" + format.group(1) + "\\s*;")
                .containsPattern("~\\^/api/v1/auth/amazon/callback\\s+\\$uri;");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : renderYaml(overlay).split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                objects.add(Serialization.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }

    private static String renderYaml(String overlay) throws IOException, InterruptedException {
        Path dir = ROOT.resolve("k8s/overlays/" + overlay);
        ProcessBuilder pb;
        if (onPath("kubectl")) {
            pb = new ProcessBuilder("kubectl", "kustomize", dir.toString());
        } else {
            Assumptions.assumeTrue(onPath("kustomize"), "kubectl or kustomize is needed to render the overlays");
            pb = new ProcessBuilder("kustomize", "build", dir.toString());
        }
        Process process = pb.redirectErrorStream(true).start();
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kustomize output:%n%s", yaml).isZero();
        return yaml;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }

    /** A container's plain environment: its ConfigMaps' keys, then its own values (secret references left out). */
    private static Map<String, String> environment(List<HasMetadata> objects, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(one(objects, ConfigMap.class, from.getConfigMapRef().getName()).getData());
            }
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    /** A service's settings as it starts with them: shared-resilience's suite-wide defaults, its own file on top. */
    private static Properties applicationProperties(String service) throws IOException {
        Properties p = new Properties();
        for (String file : List.of("shared-resilience/src/main/resources/META-INF/microprofile-config.properties",
                service + "/src/main/resources/application.properties")) {
            try (var in = Files.newInputStream(ROOT.resolve(file))) {
                p.load(in);
            }
        }
        return p;
    }

    /** The default of a {@code ${ENV:default}} expression, or the plain value. */
    private static int defaultOf(String value) {
        Matcher m = Pattern.compile("\\$\\{[^:}]+:(\\d+)}").matcher(value.trim());
        return Integer.parseInt(m.matches() ? m.group(1) : value.trim());
    }
}
