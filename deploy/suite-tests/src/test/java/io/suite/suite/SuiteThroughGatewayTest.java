package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite as an operator runs it: {@code deploy/local/up} starts the sandbox, the three services and the nginx
 * gateway (see {@link RunningSuite}); requests go through the gateway only.
 */
@ExtendWith(RunningSuite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteThroughGatewayTest {

    static final String GATEWAY = RunningSuite.GATEWAY;

    @Test
    @Order(1)
    void runningUpTwiceIsHarmless() throws Exception {
        String output = RunningSuite.run(300, "deploy/local/up");
        assertThat(output).contains("already running");
    }

    @Test
    @Order(2)
    void healthAndMetricsAreNotReachableThroughTheGateway() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/api/v1/catalog/../../q/metrics")) {
            given().urlEncodingEnabled(false).when().get(GATEWAY + path)
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    @Order(3)
    void everyServiceAnswersThroughTheGatewayWithProblemJson() {
        for (String prefix : List.of("/api/v1/accounts/no-such", "/api/v1/market-data/no/such/thing", "/api/v1/catalog/no-such")) {
            given().header("X-Correlation-ID", "suite-" + prefix.length()).when().get(GATEWAY + prefix)
                    .then().statusCode(org.hamcrest.Matchers.oneOf(401, 404))
                    .header("X-Correlation-ID", "suite-" + prefix.length());
        }
    }

    /** Issue 15 item 7: every process of the local run listens on loopback only (API, management and sandbox ports). */
    @Test
    @Order(5)
    void everyProcessListensOnLoopbackOnly() throws Exception {
        Map<Integer, String> ports = new TreeMap<>();
        for (String variable : List.of("SUITE_GATEWAY_PORT=8080", "ACCOUNTS_HTTP_PORT=8081", "MARKETDATA_HTTP_PORT=8082",
                "CATALOG_HTTP_PORT=8083", "ACCOUNTS_MANAGEMENT_PORT=9081", "MARKETDATA_MANAGEMENT_PORT=9082",
                "CATALOG_MANAGEMENT_PORT=9083", "SANDBOX_PORT=8090")) {
            String[] nameAndDefault = variable.split("=");
            int port = Integer.parseInt(System.getenv().getOrDefault(nameAndDefault[0], nameAndDefault[1]));
            ports.put(port, null);
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("0A")) {
                    continue; // not LISTEN
                }
                String[] local = f[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (ports.containsKey(port)) {
                    ports.merge(port, local[0], (a, b) -> a + "," + b);
                }
            }
        }
        ports.forEach((port, addresses) -> {
            assertThat(addresses).as("port %d listens", port).isNotNull();
            for (String address : addresses.split(",")) {
                // as the kernel prints them (little-endian words): 127.0.0.1; ::ffff:127.0.0.1 (a dual-stack socket); ::1
                assertThat(address).as("port %d listens on %s", port, address)
                        .isIn("0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000");
            }
        });
    }

    /** Issue 15 item 7: deploy/local/up keeps the development sign-in off with real credentials or off loopback. */
    @Test
    @Order(6)
    void theDevelopmentSignInIsOffWithRealCredentials() throws Exception {
        String probe = ". deploy/local/lib.sh; . deploy/local/services.sh; suite_dev_sign_in && echo on || echo off";
        assertThat(bash(probe, Map.of())).isEqualTo("on");
        assertThat(bash(probe, Map.of("POLYGON_API_KEY", "sandbox-polygon-paid"))).isEqualTo("on");
        assertThat(bash(probe, Map.of("ACCOUNTS_LWA_CLIENT_ID", "amzn1.application-oa2-client.0123456789abcdef"))).isEqualTo("off");
        assertThat(bash(probe, Map.of("POLYGON_API_KEY", "a-real-looking-key"))).isEqualTo("off");
        assertThat(bash(probe, Map.of("CATALOG_STORES_US_ACCESS_KEY", "AKIAREALKEY"))).isEqualTo("off");
        assertThat(bash(probe, Map.of("CATALOG_STORES_EU_CREDENTIAL_ID", "a-real-credential-id"))).isEqualTo("off");
        assertThat(bash(probe, Map.of("CATALOG_STORES_US_CREDENTIAL_ID", "sandbox-creators-id"))).isEqualTo("on");
        assertThat(bash(probe, Map.of("SUITE_BIND_HOST", "0.0.0.0"))).isEqualTo("off");
        // and up refuses to be given the key in that case
        String refused = bash("deploy/local/up; echo rc=$?", Map.of("POLYGON_API_KEY", "a-real-looking-key",
                "ACCOUNTS_DASHBOARD_DEV_SIGN_IN_KEY_LOCATION", "/tmp/none.pem"));
        assertThat(refused).contains("refusing the development sign-in").contains("POLYGON_API_KEY").endsWith("rc=1");
    }

    private static String bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(RunningSuite.ROOT.toFile()).redirectErrorStream(true);
        for (String name : List.of("ACCOUNTS_LWA_CLIENT_ID", "POLYGON_API_KEY", "SUITE_BIND_HOST",
                "ACCOUNTS_DASHBOARD_DEV_SIGN_IN_KEY_LOCATION")) {
            pb.environment().remove(name);
        }
        pb.environment().keySet().removeIf(name -> name.startsWith("CATALOG_STORES_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    @Order(4)
    void unroutedPathsAreA404Problem() {
        given().when().get(GATEWAY + "/api/v2/anything").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

}
