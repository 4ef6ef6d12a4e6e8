package io.suite.catalog.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static io.suite.testing.RecordedSpans.named;
import static io.suite.testing.RecordedSpans.parentOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.support.Fixtures;
import io.suite.catalog.support.TestData;
import io.suite.catalog.support.Upstreams;
import io.suite.testing.InjectWireMock;
import io.suite.testing.RecordedSpans;
import jakarta.inject.Inject;

/**
 * The trace of one import, recorded in memory: request → guard → attempt → budget statement and GetItems call → the
 * statements that store the product, all in the trace the caller's {@code traceparent} names.
 */
@QuarkusTest
class ImportTracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    ProductSource source;

    @Inject
    MarketplaceRepository marketplaces;

    @Inject
    Stores stores;

    @BeforeEach
    void reset() {
        Marketplace us = marketplaces.findByCode("www.amazon.com").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        Upstreams.reset(wireMock, source, stores, us);
        RecordedSpans.reset();
    }

    @Test
    void oneImportIsOneTraceFromTheRequestThroughTheGuardAndBudgetToTheCallAndTheDatabase() {
        String asin = TestData.asin();
        wireMock.stubFor(post(urlEqualTo(ProductResourceTest.PAAPI))
                .willReturn(okJson(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "11.99", "14.99")))));

        given().header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                .header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"www.amazon.com\"}")
                .when().post(ProductResourceTest.IMPORT).then().statusCode(201);

        List<SpanData> trace = RecordedSpans.traceOf(s -> s.getTraceId().equals(TRACE), s -> s.getKind() == SpanKind.SERVER);
        SpanData request = only(trace, s -> s.getKind() == SpanKind.SERVER);
        assertThat(request.getName()).isEqualTo("POST /api/v1/catalog/products/import");

        SpanData guard = only(trace, named("upstream paapi"));
        assertThat(parentOf(guard, trace)).contains(request);
        assertThat(guard.getAttributes().get(AttributeKey.stringKey("upstream.outcome"))).isEqualTo("ok");

        SpanData attempt = only(trace, named("upstream paapi attempt"));
        assertThat(parentOf(attempt, trace)).contains(guard);
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("upstream.budget_wait_ms"))).isNotNull();
        List<SpanData> underAttempt = children(attempt, trace);
        assertThat(underAttempt).as("the store budget's permit: one statement")
                .anySatisfy(s -> assertThat(isSql(s)).isTrue());
        SpanData call = only(underAttempt, s -> s.getKind() == SpanKind.CLIENT && !isSql(s));
        assertThat(call.getName()).startsWith("POST");
        String sent = wireMock.findAll(postRequestedFor(urlEqualTo(ProductResourceTest.PAAPI))).get(0).getHeader("traceparent");
        assertThat(sent).isEqualTo("00-" + TRACE + "-" + call.getSpanId() + "-01");

        // the product is stored in statements of the same request, after the call
        assertThat(trace.stream().filter(ImportTracingTest::isSql)
                .filter(s -> s.getStartEpochNanos() > call.getEndEpochNanos())).as("statements after the GetItems call")
                .isNotEmpty();
    }

    static boolean isSql(SpanData span) {
        return span.getAttributes().asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("db."));
    }

    static List<SpanData> children(SpanData parent, List<SpanData> spans) {
        return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).collect(Collectors.toList());
    }

    static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
        List<SpanData> matching = spans.stream().filter(which).collect(Collectors.toList());
        assertThat(matching).as("spans in %s", spans.stream().map(SpanData::getName).collect(Collectors.toList()))
                .hasSize(1);
        return matching.get(0);
    }
}
