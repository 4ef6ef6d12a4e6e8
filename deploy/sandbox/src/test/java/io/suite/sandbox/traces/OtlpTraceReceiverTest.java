package io.suite.sandbox.traces;

import static io.restassured.RestAssured.given;
import static io.suite.sandbox.traces.OtlpTracesTest.attribute;
import static io.suite.sandbox.traces.OtlpTracesTest.request;
import static io.suite.sandbox.traces.OtlpTracesTest.resourceSpans;
import static io.suite.sandbox.traces.OtlpTracesTest.scopeSpans;
import static io.suite.sandbox.traces.OtlpTracesTest.span;
import static io.suite.sandbox.traces.OtlpTracesTest.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code POST /v1/traces} as an exporter calls it, and the spans read back through {@code /_control/traces}. */
@QuarkusTest
class OtlpTraceReceiverTest {

    static final String TRACE_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    static final String TRACE_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";

    @BeforeEach
    void clear() {
        given().delete("/_control/traces").then().statusCode(204);
    }

    @Test
    void exportedSpansAreFoundByTraceCorrelationIdAndService() throws Exception {
        byte[] first = request(resourceSpans("catalog-service", scopeSpans("q",
                span(TRACE_A, "00000000000000a1", "ffffffffffffff01", "POST /api/v1/catalog/products/import", 2,
                        attribute("suite.correlation_id", string("cid-a"))),
                span(TRACE_A, "00000000000000a2", "00000000000000a1", "upstream creators", 1))));
        byte[] second = request(resourceSpans("catalog-service", scopeSpans("q",
                span(TRACE_A, "00000000000000a3", "00000000000000a2", "POST", 3))),
                resourceSpans("marketdata-service", scopeSpans("q", span(TRACE_B, "00000000000000b1", "",
                        "GET /api/v1/market-data/{ticker}/quote", 2, attribute("suite.correlation_id", string("cid-b"))))));

        byte[] answer = given().contentType("application/x-protobuf").body(first).post("/v1/traces").then().statusCode(200)
                .contentType("application/x-protobuf").extract().asByteArray();
        assertThat(answer).as("an empty ExportTraceServiceResponse").isEmpty();
        given().contentType("application/x-protobuf").header("Content-Encoding", "gzip").body(OtlpTracesTest.gzip(second))
                .post("/v1/traces").then().statusCode(200);

        // every span of the trace that carries the correlation id, though only its first span names it
        JsonPath a = given().queryParam("correlation_id", "cid-a").get("/_control/traces").then().statusCode(200).extract()
                .jsonPath();
        assertThat(a.getList("name", String.class)).containsExactly("POST /api/v1/catalog/products/import", "upstream creators",
                "POST");
        assertThat(a.getList("kind", String.class)).containsExactly("SERVER", "INTERNAL", "CLIENT");
        assertThat(a.getMap("[0]")).containsEntry("service", "catalog-service").containsEntry("trace_id", TRACE_A)
                .containsEntry("span_id", "00000000000000a1").containsEntry("parent_span_id", "ffffffffffffff01")
                .containsEntry("attributes", Map.of("suite.correlation_id", "cid-a"));

        given().queryParam("trace_id", TRACE_B).get("/_control/traces").then().statusCode(200).body("$", hasSize(1))
                .body("[0].service", org.hamcrest.Matchers.equalTo("marketdata-service"))
                .body("[0].parent_span_id", org.hamcrest.Matchers.equalTo(""));
        given().queryParam("service", "catalog-service").get("/_control/traces").then().body("$", hasSize(3));
        given().queryParam("correlation_id", "cid-a").queryParam("name", "POST").get("/_control/traces").then()
                .body("span_id", org.hamcrest.Matchers.equalTo(List.of("00000000000000a3")));
        given().queryParam("correlation_id", "nobody").get("/_control/traces").then().body("$", hasSize(0));
        given().get("/_control/traces").then().body("$", hasSize(4));

        given().delete("/_control/traces").then().statusCode(204);
        given().get("/_control/traces").then().body("$", hasSize(0));
    }

    @Test
    void aBodyThatIsNotAnExportRequestIsA400AndJsonA415() {
        given().contentType("application/x-protobuf").body(new byte[] { 0x0a, 0x7f, 0x01 }).post("/v1/traces").then()
                .statusCode(400).body("error", containsString("beyond"));
        given().contentType("application/x-protobuf").header("Content-Encoding", "gzip").body(new byte[] { 0x0a, 0x00 })
                .post("/v1/traces").then().statusCode(400).body("error", containsString("gzip"));
        given().contentType("application/json").body("{\"resourceSpans\":[]}").post("/v1/traces").then().statusCode(415);
        given().get("/_control/traces").then().body("$", hasSize(0));
    }

    @Test
    void theResetOfTheSandboxForgetsReceivedSpans() {
        given().contentType("application/x-protobuf")
                .body(request(resourceSpans("s", scopeSpans("q", span(TRACE_A, "00000000000000a1", "", "x", 1)))))
                .post("/v1/traces").then().statusCode(200);
        given().get("/_control/traces").then().body("$", hasSize(1));
        given().post("/_control/reset").then().statusCode(204);
        given().get("/_control/traces").then().body("$", hasSize(0));
    }
}
