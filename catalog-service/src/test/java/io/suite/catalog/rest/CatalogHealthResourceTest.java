package io.suite.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.catalog.support.CatalogWireMock;
import io.suite.testing.JwtKeys;

/** SC-006: the health endpoint answers 200 with database and upstream status, without authentication. */
@QuarkusTest
class CatalogHealthResourceTest {

    @Test
    void reportsDatabaseUpstreamReachabilityAndBreakerState() {
        given().when().get("/api/v1/catalog/health").then().statusCode(200)
                .body("components.database.status", equalTo("UP"))
                .body("components.database.details.latencyMs", notNullValue())
                .body("components.upstream.details.source", equalTo("paapi"))
                .body("components.upstream.details.reachable", equalTo(true))
                .body("components.upstream.details.breaker", equalTo("closed"))
                .body("status", equalTo("UP"));
    }
}
