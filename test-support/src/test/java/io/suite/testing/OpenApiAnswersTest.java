package io.suite.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The drift check's matching: a received status the document does not declare is reported, a declared one is not. */
class OpenApiAnswersTest {

    private static final String DOCUMENT = """
            {"openapi":"3.1.0","paths":{
              "/api/v1/accounts/sync":{"post":{"responses":{"202":{},"400":{},"429":{}}}},
              "/api/v1/accounts/sync/{runId}":{"get":{"responses":{"200":{},"404":{}}}},
              "/api/v1/accounts/sync-health":{"get":{"responses":{"200":{}}}},
              "/api/v1/accounts/{id}":{"get":{"responses":{"200":{},"4XX":{}}},"parameters":[]},
              "/api/v1/catalog/products":{"get":{"responses":{"200":{},"default":{}}}},
              "/api/v1/catalog/products/{id}/price-history":{"get":{"responses":{"200":{},"400":{}}}}
            }}""";

    private final OpenApiAnswers.Document document = OpenApiAnswers.Document.parse(DOCUMENT);

    @Test
    void aDeclaredStatusIsNotReported() {
        assertThat(document.undeclared("POST", "/api/v1/accounts/sync", 202)).isEmpty();
        assertThat(document.undeclared("post", "/api/v1/accounts/sync?x=1", 429)).isEmpty();
    }

    @Test
    void anUndeclaredStatusIsReportedWithWhatTheOperationDeclares() {
        assertThat(document.undeclared("POST", "/api/v1/accounts/sync", 200)).hasValueSatisfying(
                why -> assertThat(why).contains("POST /api/v1/accounts/sync").contains("200").contains("202, 400, 429"));
    }

    @Test
    void aTemplateParameterMatchesExactlyOneSegment() {
        assertThat(document.undeclared("GET", "/api/v1/accounts/sync/8d3c7a1e-0000-4000-8000-000000000001", 404)).isEmpty();
        assertThat(document.undeclared("GET", "/api/v1/accounts/sync/a/b", 404)).hasValueSatisfying(
                why -> assertThat(why).contains("no operation"));
        assertThat(document.undeclared("GET", "/api/v1/accounts/sync/a/b/c", 200)).isPresent();
        // an empty segment is a segment: the service answers it as the operation (400 for the empty id)
        assertThat(document.undeclared("GET", "/api/v1/catalog/products//price-history", 400)).isEmpty();
        assertThat(document.undeclared("GET", "/api/v1/catalog/products//price-history", 409)).isPresent();
        // a trailing slash is the same resource, as the services route it
        assertThat(document.undeclared("GET", "/api/v1/catalog/products/", 200)).isEmpty();
        assertThat(document.undeclared("GET", "/api/v1/catalog/products/", 500)).hasValueSatisfying(
                why -> assertThat(why).contains("500 is not declared by GET /api/v1/catalog/products,"));
        assertThat(document.undeclared("POST", "/api/v1/accounts/sync/", 202)).isEmpty();
    }

    @Test
    void aLiteralPathWinsOverATemplate() {
        // /sync-health is its own operation, not /{id}: its 404 is not declared though /{id}'s 4XX would cover it
        assertThat(document.undeclared("GET", "/api/v1/accounts/sync-health", 404)).isPresent();
        assertThat(document.undeclared("GET", "/api/v1/accounts/other", 404)).isEmpty();
    }

    @Test
    void aRangeCoversItsStatusesButDefaultCoversNothing() {
        assertThat(document.undeclared("GET", "/api/v1/accounts/x", 409)).isEmpty();
        assertThat(document.undeclared("GET", "/api/v1/accounts/x", 500)).isPresent();
        assertThat(document.undeclared("GET", "/api/v1/catalog/products", 500)).isPresent();
    }

    @Test
    void anUndeclaredMethodOrPathIsReported() {
        assertThat(document.undeclared("DELETE", "/api/v1/accounts/sync", 405)).hasValueSatisfying(
                why -> assertThat(why).contains("no operation DELETE /api/v1/accounts/sync"));
        assertThat(document.undeclared("GET", "/api/v1/nothing", 404)).isPresent();
    }

    @Test
    void theLogChecksEachServiceAgainstItsOwnDocumentAndIgnoresWhatIsNoService() {
        OpenApiAnswers answers = new OpenApiAnswers();
        answers.record("POST", "http://127.0.0.1:8080/api/v1/accounts/sync", 202);
        answers.record("POST", "/api/v1/accounts/sync", 200);
        answers.record("POST", "/api/v1/accounts/sync", 200); // recorded once
        answers.record("GET", "http://127.0.0.1:8090/polygon/v2/aggs", 500); // the sandbox: no service
        answers.record("GET", "/dashboard/accounts", 200); // HTML for browsers, not in the API document
        answers.record("GET", "http://127.0.0.1:9081/q/health", 200); // management interface

        assertThat(answers.received()).containsExactlyInAnyOrder(
                new OpenApiAnswers.Answer("account-service", "POST", "/api/v1/accounts/sync", 202),
                new OpenApiAnswers.Answer("account-service", "POST", "/api/v1/accounts/sync", 200));
        assertThat(answers.undeclared(Map.of("account-service", document)::get)).singleElement()
                .satisfies(why -> assertThat(why).startsWith("account-service: POST /api/v1/accounts/sync → 200"));
    }

    @Test
    void anOperationTheServiceDoesNotHaveMayOnlyBeRefused() {
        OpenApiAnswers answers = new OpenApiAnswers();
        answers.record("GET", "/api/v1/accounts/no/such/thing", 404);
        answers.record("GET", "/api/v1/accounts/no/such", 401);
        assertThat(answers.undeclared(Map.of("account-service", document)::get)).isEmpty();
        answers.record("GET", "/api/v1/accounts/sync", 405); // no GET there
        assertThat(answers.undeclared(Map.of("account-service", document)::get)).isEmpty();
        answers.record("GET", "/api/v1/accounts/no/such/thing", 200);
        assertThat(answers.undeclared(Map.of("account-service", document)::get)).singleElement()
                .satisfies(why -> assertThat(why).contains("→ 200").contains("no operation GET /api/v1/accounts/no/such/thing"));
    }

    @Test
    void aServiceWithoutADocumentIsReported() {
        OpenApiAnswers answers = new OpenApiAnswers();
        answers.record("GET", "/api/v1/market-data/SPY/quote", 200);
        assertThat(answers.undeclared(service -> null)).singleElement()
                .satisfies(why -> assertThat(why).contains("marketdata-service").contains("no OpenAPI document"));
    }
}
