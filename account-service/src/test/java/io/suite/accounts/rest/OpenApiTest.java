package io.suite.accounts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

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
                .body(not(containsString("/dashboard")));
    }

    /** Issue 16: every status these operations answer is declared, errors as problem+json with an example per type. */
    @Test
    void theOperationsDeclareEveryAnswerTheyGive() {
        String paths = "paths.";
        String sync = paths + "'/api/v1/accounts/sync'.post.responses";
        String callback = paths + "'/api/v1/auth/amazon/callback'.get.responses";
        String profiles = paths + "'/api/v1/accounts/amazon-profiles'.get.responses";
        String refresh = paths + "'/api/v1/tokens/{id}/refresh'.post.responses";
        String problem = ".content.'application/problem+json'";
        given().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                // a sync is accepted, never answered 200
                .body(sync, hasKey("202")).body(sync, not(hasKey("200")))
                .body(sync + ".'409'" + problem + ".examples.'reauthorization-required'.value.type",
                        equalTo("urn:problem-type:reauthorization-required"))
                .body(sync + ".'429'.headers", hasKey("Retry-After"))
                // the LWA callback: already connected, and LWA refusing the code exchange
                .body(callback + ".'409'" + problem + ".examples.conflict.value.status", equalTo(409))
                .body(callback + ".'502'" + problem + ".examples.'upstream-rejected'.value.type",
                        equalTo("urn:problem-type:upstream-rejected"))
                .body(callback + ".'403'" + problem + ".examples", hasKey("connect-flow-mismatch"))
                .body(callback + ".'400'" + problem + ".examples.'invalid-input'.value.correlation_id", notNullValue())
                // profiles are read from the Ads API while the caller waits, under the caller's share of its budget
                .body(profiles, hasKey("502")).body(profiles, hasKey("429"))
                .body(profiles + ".'409'" + problem + ".examples", hasKey("reauthorization-required"))
                // signed in by the dashboard's cookie without the CSRF header (declared where a class-level 403 keeps the 200)
                // every operation keeps its success answer and its body's schema
                .body(paths + "'/api/v1/accounts'.get.responses", hasKey("200"))
                .body(paths + "'/api/v1/accounts/sync-health'.get.responses", hasKey("200"))
                .body(paths + "'/api/v1/accounts/sync/{runId}'.get.responses", hasKey("200"))
                .body(profiles + ".'200'.content.'application/json'.schema", notNullValue())
                .body(paths + "'/api/v1/auth/amazon/authorize'.get.responses.'403'" + problem + ".examples",
                        hasKey("csrf-token-required"))
                .body(refresh + ".'403'" + problem + ".examples", hasKey("csrf-token-required"))
                .body(refresh, hasKey("502"))
                .body(refresh + ".'409'" + problem + ".examples", hasKey("conflict"))
                .body(refresh + ".'503'" + problem + ".examples", hasKey("token-refresh-pending"));
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
