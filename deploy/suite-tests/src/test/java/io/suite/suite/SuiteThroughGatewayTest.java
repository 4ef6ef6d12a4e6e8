package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The suite as an operator runs it: {@code deploy/local/up} starts the sandbox, the three services and the nginx
 * gateway; requests go through the gateway only; {@code deploy/local/down} stops everything it started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteThroughGatewayTest {

    static final Path ROOT = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
    static final String GATEWAY = "http://127.0.0.1:" + System.getenv().getOrDefault("SUITE_GATEWAY_PORT", "8080");
    static final List<Long> STARTED = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        run(600, "deploy/local/up");
        for (String name : List.of("sandbox", "account-service", "marketdata-service", "catalog-service")) {
            STARTED.add(Long.parseLong(Files.readString(ROOT.resolve("deploy/local/run/pids/" + name + ".pid")).trim()));
        }
        STARTED.add(Long.parseLong(Files.readString(ROOT.resolve("deploy/local/run/nginx/nginx.pid")).trim()));
    }

    @AfterAll
    static void down() throws Exception {
        run(120, "deploy/local/down");
        for (long pid : STARTED) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d stopped by deploy/local/down", pid).isFalse();
        }
    }

    @Test
    @Order(1)
    void runningUpTwiceIsHarmless() throws Exception {
        String output = run(300, "deploy/local/up");
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

    @Test
    @Order(4)
    void unroutedPathsAreA404Problem() {
        given().when().get(GATEWAY + "/api/v2/anything").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    static String token(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("deploy/local/token"));
        command.addAll(List.of(args));
        return run(30, command.toArray(String[]::new)).strip();
    }

    static String run(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished in %d s", String.join(" ", command), seconds).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s failed:%n%s", String.join(" ", command), text).isZero();
        return text;
    }
}
