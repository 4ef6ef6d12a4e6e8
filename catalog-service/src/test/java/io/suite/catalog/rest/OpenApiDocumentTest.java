package io.suite.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Issue 16: the document declares every answer of the catalog's operations, each problem type with an example. */
@QuarkusTest
class OpenApiDocumentTest {

    private static final String PROBLEM = ".content.'application/problem+json'";

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void theImportDeclaresTheUpstreamsRefusalAndTheAdminsShare() {
        String importOne = "paths.'/api/v1/catalog/products/import'.post.responses";
        given().when().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                .body(importOne + ".keySet()", hasItems("200", "201", "400", "401", "403", "404", "429", "502", "503"))
                .body(importOne + ".'502'" + PROBLEM + ".examples.'upstream-rejected'.value.status", equalTo(502))
                .body(importOne + ".'429'.headers", hasKey("Retry-After"))
                .body(importOne + ".'503'" + PROBLEM + ".examples.keySet()",
                        hasItems("upstream-unavailable", "upstream-rate-limited", "database-unavailable"))
                // the batch reports an upstream refusal per ASIN: no 502 for the request
                .body("paths.'/api/v1/catalog/products/import/batch'.post.responses.keySet()", hasItems("200", "429"))
                .body("paths.'/api/v1/catalog/products/import/batch'.post.responses", not(hasKey("502")))
                // reads call no upstream
                .body("paths.'/api/v1/catalog/products/{id}'.get.responses", not(hasKey("502")));
    }

    @Test
    void aManualRefreshRunDeclaresItsConflictAndAnUnknownProduct() {
        String run = "paths.'/api/v1/catalog/refresh-jobs/run'.post.responses";
        given().when().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                .body(run + ".keySet()", hasItems("200", "404", "409"))
                .body(run + ".'409'" + PROBLEM + ".examples.conflict.value.type", equalTo("urn:problem-type:conflict"));
    }
}
