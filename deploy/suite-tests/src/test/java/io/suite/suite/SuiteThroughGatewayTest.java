package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

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

    @Test
    @Order(4)
    void unroutedPathsAreA404Problem() {
        given().when().get(GATEWAY + "/api/v2/anything").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

}
