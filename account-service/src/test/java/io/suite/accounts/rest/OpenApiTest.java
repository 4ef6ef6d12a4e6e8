package io.suite.accounts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The API the dashboard (issue 7) builds on is described in the generated OpenAPI document. */
@QuarkusTest
class OpenApiTest {

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void everyEndpointIsDocumented() {
        // served with health and metrics on the management interface
        given().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/accounts"))
                .body(containsString("/api/v1/accounts/amazon-profiles"))
                .body(containsString("/api/v1/accounts/sync/{runId}"))
                .body(containsString("/api/v1/accounts/batch"))
                .body(containsString("/api/v1/accounts/sync-health"))
                .body(containsString("/api/v1/auth/amazon/authorize"))
                .body(containsString("/api/v1/auth/amazon/callback"))
                .body(containsString("/api/v1/tokens/{id}/refresh"))
                // the name search of the list, and not the HTML dashboard (a page for browsers, not API)
                .body("paths.'/api/v1/accounts'.get.parameters.name", org.hamcrest.Matchers.hasItem("q"))
                .body(org.hamcrest.Matchers.not(containsString("/dashboard")));
    }

    @Test
    void syncHealthDocumentsTheLastLimitHitAndRetryAfterPerEndpoint() {
        given().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.HealthView.properties.rate_limits.type", org.hamcrest.Matchers.equalTo("array"))
                .body("components.schemas.RateLimitView.properties.keySet()", org.hamcrest.Matchers.hasItems("upstream", "endpoint",
                        "request_count", "limit_hit_count", "last_limit_hit", "retry_after_seconds"))
                .body("components.schemas.RateLimitView.properties.last_limit_hit.description", containsString("exactly"))
                .body("components.schemas.RateLimitView.properties.retry_after_seconds.description", containsString("Retry-After"));
    }
}
