package io.suite.resilience.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.budget.Subjects;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.testapp.Things;
import io.suite.testing.InjectWireMock;
import io.suite.testing.RecordedSpans;
import jakarta.inject.Inject;

/** The spans of guarded calls, recorded in memory: their tree, their attributes, and W3C propagation in and out. */
@QuarkusTest
class TracesTest {

    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    Traces traces;

    @Inject
    UpstreamGuards guards;

    @Inject
    Things things;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        RecordedSpans.reset();
    }

    @Test
    void aGuardedCallJoinsTheCallersTraceWithItsBudgetStatementAndHttpCallUnderTheAttempt() {
        wireMock.stubFor(get("/things/traced").willReturn(aResponse().withStatus(200).withBody("ok")));

        given().header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .header("X-Correlation-ID", "corr-traced")
                .when().get("/test/things/budgeted/traced")
                .then().statusCode(200);

        List<SpanData> trace = RecordedSpans.traceOf(s -> s.getKind() == SpanKind.SERVER
                && s.getTraceId().equals(CALLER_TRACE), s -> s.getKind() == SpanKind.SERVER);
        SpanData server = only(trace, s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).as("the caller's span is the request's parent").isEqualTo(CALLER_SPAN);
        assertThat(server.getAttributes().get(Traces.CORRELATION_ID)).isEqualTo("corr-traced");

        SpanData call = only(trace, named("upstream budgeted"));
        assertThat(parentOf(call, trace)).contains(server);
        assertThat(call.getAttributes().get(AttributeKey.stringKey("upstream.endpoint"))).isEqualTo("GET /things/{id}");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("upstream.breaker_state"))).isEqualTo("CLOSED");
        assertThat(call.getAttributes().get(AttributeKey.longKey("upstream.attempts"))).isEqualTo(1L);
        assertThat(call.getAttributes().get(AttributeKey.stringKey("upstream.outcome"))).isEqualTo("ok");

        SpanData attempt = only(trace, named("upstream budgeted attempt"));
        assertThat(parentOf(attempt, trace)).contains(call);
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("upstream.attempt"))).isEqualTo(1L);
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("upstream.budget_wait_ms"))).isNotNull();

        List<SpanData> underAttempt = trace.stream().filter(s -> s.getParentSpanId().equals(attempt.getSpanId()))
                .collect(Collectors.toList());
        SpanData http = only(underAttempt, s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("GET"));
        assertThat(underAttempt).as("the budget's permit statement, a SQL span under the attempt")
                .anySatisfy(s -> assertThat(s.getAttributes().asMap().keySet())
                        .anySatisfy(k -> assertThat(k.getKey()).startsWith("db.")));

        // the upstream got the trace too, with the HTTP call's span as its parent
        String sent = wireMock.findAll(getRequestedFor(urlEqualTo("/things/traced"))).get(0).getHeader("traceparent");
        assertThat(sent).isEqualTo("00-" + CALLER_TRACE + "-" + http.getSpanId() + "-01");
    }

    @Test
    void aQuerysSecretsNeverReachASpan() {
        wireMock.stubFor(get("/things/q").willReturn(aResponse().withStatus(200).withBody("ok")));

        given().when().get("/test/things/retrying/q?code=one-time-code&state=signed-state&limit=5").then().statusCode(200);

        List<SpanData> trace = RecordedSpans.traceOf(s -> s.getKind() == SpanKind.SERVER
                && s.getName().startsWith("GET /test/things"), s -> s.getKind() == SpanKind.SERVER);
        SpanData server = only(trace, s -> s.getKind() == SpanKind.SERVER);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("url.query"))).isEqualTo("code=***&state=***&limit=5");
        assertThat(RecordedSpans.all().stream().flatMap(s -> s.getAttributes().asMap().values().stream()).map(String::valueOf))
                .noneMatch(v -> v.contains("one-time-code") || v.contains("signed-state"));
    }

    @Test
    void eachAttemptIsAChildOfTheCallEvenWhenTheRetryRunsAfterItsBackoff() {
        wireMock.stubFor(get("/things/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("failed once"));
        wireMock.stubFor(get("/things/flaky").inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(200).withBody("ok")));

        given().when().get("/test/things/retrying/flaky").then().statusCode(200);

        List<SpanData> trace = RecordedSpans.traceOf(named("upstream retrying"), s -> s.getKind() == SpanKind.SERVER);
        SpanData call = only(trace, named("upstream retrying"));
        assertThat(call.getAttributes().get(AttributeKey.longKey("upstream.attempts"))).isEqualTo(2L);
        List<SpanData> attempts = trace.stream().filter(named("upstream retrying attempt"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .collect(Collectors.toList());
        assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(parentOf(a, trace)).contains(call));
        assertThat(attempts.get(0).getAttributes().get(AttributeKey.stringKey("upstream.outcome"))).isEqualTo("unavailable");
        assertThat(attempts.get(0).getAttributes().get(AttributeKey.longKey("upstream.status"))).isEqualTo(503L);
        assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attempts.get(1).getAttributes().get(AttributeKey.stringKey("upstream.outcome"))).isEqualTo("ok");
        assertThat(attempts).allSatisfy(a -> assertThat(trace)
                .anySatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(a.getSpanId())));
    }

    @Test
    void backgroundWorkIsATraceOfItsOwnWhoseLaterStagesStayInIt() {
        wireMock.stubFor(get("/things/first").willReturn(aResponse().withStatus(200).withBody("1")));
        wireMock.stubFor(get("/things/second").willReturn(aResponse().withStatus(200).withBody("2")));

        String result = traces.newTrace("test batch", "run-1", () -> guards.get("budgeted")
                .call("GET /things/{id}", () -> things.get("first"))
                .chain(first -> guards.get("budgeted").<String> call("GET /things/{id}", () -> things.get("second"))
                        .map(second -> first + second)))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(result).isEqualTo("12");

        List<SpanData> trace = RecordedSpans.traceOf(named("test batch"), named("test batch"));
        SpanData root = only(trace, named("test batch"));
        assertThat(root.getParentSpanContext().isValid()).as("a root: no parent").isFalse();
        assertThat(root.getAttributes().get(Traces.CORRELATION_ID)).isEqualTo("run-1");
        List<SpanData> calls = trace.stream().filter(named("upstream budgeted")).collect(Collectors.toList());
        assertThat(calls).as("both calls, the second made after the first answered").hasSize(2)
                .allSatisfy(c -> assertThat(parentOf(c, trace)).contains(root));
    }

    @Test
    void theSubscribersMutinyContextGoesIntoTheSpanSoTheFairShareSubjectIsKept() {
        String subject = Subjects.as("alice", () -> traces.inSpan("outer", outer -> traces.inSpan("inner",
                inner -> Subjects.current()))).await().atMost(Duration.ofSeconds(5));
        assertThat(subject).isEqualTo("alice");
    }

    @Test
    void aRunStartedWithinATracedWorkLinksBackToIt() {
        traces.inSpan("starter", starter -> traces.newTrace("started run", null, () -> Uni.createFrom().item(1)))
                .await().atMost(Duration.ofSeconds(5));

        SpanData run = only(RecordedSpans.traceOf(named("started run"), named("started run")), named("started run"));
        SpanData starter = only(RecordedSpans.traceOf(named("starter"), named("starter")), named("starter"));
        assertThat(run.getTraceId()).isNotEqualTo(starter.getTraceId());
        assertThat(run.getLinks()).singleElement()
                .satisfies(link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(starter.getSpanId()));
    }

    private static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
        List<SpanData> matching = spans.stream().filter(which).collect(Collectors.toList());
        assertThat(matching).as("spans in %s", spans.stream().map(SpanData::getName).collect(Collectors.toList()))
                .hasSize(1);
        return matching.get(0);
    }
}
