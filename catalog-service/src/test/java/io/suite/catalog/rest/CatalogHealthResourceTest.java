package io.suite.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * SC-006 and issue 15 item 14: the public health answer is 200 with healthy/degraded per component (database,
 * upstream) and nothing else; the upstream host, breaker state and latencies are on the management port only.
 */
@QuarkusTest
class CatalogHealthResourceTest {

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void thePublicAnswerSaysHealthyOrDegradedAndNothingMore() {
        String body = given().when().get("/api/v1/catalog/health").then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("components.database", equalTo("healthy"))
                .body("components.upstream", equalTo("healthy"))
                .extract().asString();
        assertThat(body).doesNotContain("127.0.0.1").doesNotContain("localhost").doesNotContain("host")
                .doesNotContain("breaker").doesNotContain("closed").doesNotContain("@").doesNotContain("latency");
    }

    @Test
    void theDetailsAreOnTheManagementPort() {
        given().when().get("http://localhost:" + managementPort + "/q/health/group/upstreams").then().statusCode(200)
                .body("checks.find { it.name == 'catalog' }.data.database", equalTo("UP"))
                .body("checks.find { it.name == 'catalog' }.data.'database.latencyMs'", notNullValue())
                .body("checks.find { it.name == 'catalog' }.data.'upstream.source'", equalTo("paapi"))
                .body("checks.find { it.name == 'catalog' }.data.'upstream.host'", notNullValue())
                .body("checks.find { it.name == 'catalog' }.data.'upstream.reachable'", equalTo("true"))
                .body("checks.find { it.name == 'catalog' }.data.'upstream.breaker'", equalTo("closed"));
    }
}
