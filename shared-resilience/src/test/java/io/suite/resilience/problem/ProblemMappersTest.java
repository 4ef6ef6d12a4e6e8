package io.suite.resilience.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Bad input is a 400 problem+json naming the field; nothing a client sends produces a bare 500. */
@QuarkusTest
class ProblemMappersTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterNotA500() {
        given().when().get("/test/db-down")
                .then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", "5")
                .body("type", equalTo("urn:problem-type:database-unavailable"))
                .body("detail", not(containsString("5432")))
                .body("correlation_id", notNullValue());
    }

    @Test
    void anOutOfRangeQueryParameterIsNamed() {
        given().queryParam("limit", 0).when().get("/test/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("urn:problem-type:invalid-input"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem("limit"))
                .body("instance", equalTo("/test/validate"))
                .body("correlation_id", notNullValue());
    }

    @Test
    void aWronglyTypedQueryParameterIsA400() {
        given().queryParam("limit", "ten").when().get("/test/validate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void nestedBodyFieldsAreNamedByTheirJsonPath() {
        given().contentType("application/json")
                .body("{\"marketplace\":\"\",\"items\":[{\"asin\":\"b08dqq8cbp\",\"quantity\":1}]}")
                .when().post("/test/orders")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("marketplace"))
                .body("errors.field", hasItem("items[0].asin"));
    }

    @Test
    void aSnakeCaseBodyNamesItsFieldsAsTheClientSentThem() {
        given().contentType("application/json").body("{\"account_ids\":[],\"unit_count\":0}")
                .when().post("/test/transfers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("account_ids", "unit_count"));
        given().contentType("application/json").body("{\"account_ids\":[\"a\",null],\"unit_count\":1}")
                .when().post("/test/transfers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", org.hamcrest.Matchers.startsWith("account_ids[1]"));
        given().contentType("application/json").body("{\"account_ids\":[\"a\"],\"unit_count\":\"many\"}")
                .when().post("/test/transfers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("unit_count"));
    }

    @Test
    void brokenJsonIsA400ForTheBody() {
        given().contentType("application/json").body("{\"marketplace\": \"US\", \"items\": [")
                .when().post("/test/orders")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void aWrongJsonTypeNamesTheField() {
        given().contentType("application/json").body("{\"marketplace\":\"US\",\"items\":[{\"asin\":\"B08DQQ8CBP\",\"quantity\":\"many\"}]}")
                .when().post("/test/orders")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("items[0].quantity"));
    }

    @Test
    void aMissingBodyIsA400() {
        given().contentType("application/json").when().post("/test/orders")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void notFoundIsAProblem() {
        given().when().get("/test/missing/42")
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("Thing 42 does not exist"));
        given().when().get("/no/such/path")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aConflictIsA409Problem() {
        given().when().post("/test/missing/7")
                .then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("urn:problem-type:conflict"))
                .body("detail", equalTo("Thing 7 was changed by someone else"));
    }

    @Test
    void aBusyServiceIsA503ProblemWithRetryAfterRoundedUp() {
        given().when().put("/test/missing/9")
                .then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", "3")
                .body("type", equalTo("urn:problem-type:busy"))
                .body("detail", equalTo("Too many runs of thing 9 at once"));
        given().when().post("/test/missing/9").then().statusCode(409).header("Retry-After", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void wrongMethodAndMediaTypeAreProblemsToo() {
        given().when().delete("/test/orders").then().statusCode(405).contentType(PROBLEM);
        given().contentType("text/plain").body("x").when().post("/test/orders").then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void aMissingTokenIsA401ProblemWithTheBearerChallenge() {
        given().when().get("/test/secret")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("urn:problem-type:unauthorized"));
    }

    @Test
    void theOpenApiDocumentDescribesTheProblemsEveryOperationCanAnswer() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.Problem.required", org.hamcrest.Matchers.hasItems("type", "title", "status"))
                .body("components.schemas.Problem.properties", org.hamcrest.Matchers.hasKey("correlation_id"))
                .body("paths.'/test/validate'.get.responses", org.hamcrest.Matchers.hasKey("400"))
                .body("paths.'/test/validate'.get.responses.'400'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/test/missing/{id}'.get.responses", org.hamcrest.Matchers.hasKey("404"))
                .body("paths.'/test/boom'.get.responses", org.hamcrest.Matchers.hasKey("500"))
                .body("paths.'/test/boom'.get.responses", not(org.hamcrest.Matchers.hasKey("400")));
    }

    @Test
    void anOperationMarkedAsCallingAnUpstreamDeclaresThe502ItCanAnswerWithAnExample() {
        String ok = "paths.'/test/things/{upstream}/{id}'.get.responses";
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(ok + ".'502'.content.'application/problem+json'.schema.$ref", equalTo("#/components/schemas/Problem"))
                .body(ok + ".'502'.content.'application/problem+json'.examples.'upstream-rejected'.value.type",
                        equalTo("urn:problem-type:upstream-rejected"))
                .body(ok + ".'502'.content.'application/problem+json'.examples.'upstream-rejected'.value.status", equalTo(502))
                .body(ok + ".'502'.content.'application/problem+json'.examples.'upstream-rejected'.value",
                        org.hamcrest.Matchers.hasKey("correlation_id"))
                // not under a fair share: no 429
                .body(ok, not(org.hamcrest.Matchers.hasKey("429")))
                // an operation that calls no upstream answers no 502
                .body("paths.'/test/validate'.get.responses", not(org.hamcrest.Matchers.hasKey("502")));
    }

    @Test
    void anOperationUnderAFairShareDeclaresThe429WithRetryAfter() {
        String fair = "paths.'/test/fair/{id}'.get.responses.'429'";
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(fair + ".content.'application/problem+json'.examples.'too-many-requests'.value.type",
                        equalTo("urn:problem-type:too-many-requests"))
                .body(fair + ".headers", org.hamcrest.Matchers.hasKey("Retry-After"))
                .body("paths.'/test/fair/{id}'.get.responses", org.hamcrest.Matchers.hasKey("502"))
                .body("paths.'/test/validate'.get.responses", not(org.hamcrest.Matchers.hasKey("429")));
    }

    @Test
    void everyProblemAnswerHasAnExampleOfEachTypeItCanBe() {
        String r = "paths.'/test/things/{upstream}/{id}'.get.responses";
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(r + ".'400'.content.'application/problem+json'.examples.'invalid-input'.value.errors[0]",
                        org.hamcrest.Matchers.hasKey("field"))
                .body(r + ".'404'.content.'application/problem+json'.examples.'not-found'.value.title", equalTo("Not found"))
                .body(r + ".'500'.content.'application/problem+json'.examples.'internal-error'.value.status", equalTo(500))
                .body(r + ".'503'.content.'application/problem+json'.examples",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.hasKey("upstream-unavailable"),
                                org.hamcrest.Matchers.hasKey("upstream-rate-limited"),
                                org.hamcrest.Matchers.hasKey("database-unavailable")))
                .body(r + ".'503'.headers", org.hamcrest.Matchers.hasKey("Retry-After"));
    }

    @Test
    void anUnexpectedErrorHidesInternalsButCarriesTheCorrelationId() {
        given().header("X-Correlation-ID", "corr-500").when().get("/test/boom")
                .then().statusCode(500).contentType(PROBLEM)
                .header("X-Correlation-ID", "corr-500")
                .body("correlation_id", equalTo("corr-500"))
                .body("detail", not(containsString("postgres")))
                .body(not(containsString("IllegalStateException")));
    }
}
