package io.suite.resilience.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.testing.InjectWireMock;
import jakarta.inject.Inject;

/** The guard chain against WireMock: Retry-After, no retry of 4xx, breakers, budget, and their problem+json. */
@QuarkusTest
class UpstreamGuardTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    UpstreamGuards guards;

    @Inject
    RateBudgets budgets;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    @Test
    void retryAfterIsHonouredBeforeTheRetry() {
        wireMock.stubFor(get("/things/ra").inScenario("ra").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"errors\":[{\"code\":\"429\",\"message\":\"Too Many Requests\"}]}"))
                .willSetStateTo("throttled once"));
        wireMock.stubFor(get("/things/ra").inScenario("ra").whenScenarioStateIs("throttled once")
                .willReturn(aResponse().withStatus(200).withBody("ok")));

        given().header("X-Correlation-ID", "corr-retry-1")
                .when().get("/test/things/retrying/ra")
                .then().statusCode(200).body(equalTo("ok"));

        List<LoggedRequest> calls = wireMock.findAll(getRequestedFor(urlEqualTo("/things/ra")));
        assertThat(calls).hasSize(2);
        long gap = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertThat(gap).as("ms between the 429 and the retry").isGreaterThanOrEqualTo(2_000);
        // the retry ran on the request's context: it still carries the caller's correlation id
        assertThat(calls).allSatisfy(c -> assertThat(c.getHeader("X-Correlation-ID")).isEqualTo("corr-retry-1"));
    }

    @Test
    void aBadRequestIsNeverRetried() {
        wireMock.stubFor(get("/things/bad").willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"INVALID_ARGUMENT\",\"message\":\"maxResults must be 1..100\"}]}")));

        given().when().get("/test/things/retrying/bad")
                .then().statusCode(502).contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:upstream-rejected"))
                .body("detail", equalTo("Upstream retrying rejected the request (400 INVALID_ARGUMENT): maxResults must be 1..100"));

        wireMock.verify(1, getRequestedFor(urlEqualTo("/things/bad")));
    }

    @Test
    void serverErrorsAreRetriedUntilTheAttemptsRunOut() {
        wireMock.stubFor(get("/things/down").willReturn(aResponse().withStatus(503)));

        given().when().get("/test/things/retrying/down")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:upstream-unavailable"));

        wireMock.verify(3, getRequestedFor(urlEqualTo("/things/down")));
    }

    @Test
    void aSlowUpstreamTimesOutAndIsRetried() {
        wireMock.stubFor(get("/things/slow").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(1_500).withBody("late"))
                .willSetStateTo("fast"));
        wireMock.stubFor(get("/things/slow").inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody("fast")));

        given().when().get("/test/things/retrying/slow").then().statusCode(200).body(equalTo("fast"));
    }

    @Test
    void aRetryAfterBeyondTheRetryBudgetEndsTheRetryAtOnce() {
        wireMock.stubFor(get("/things/long").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        given().when().get("/test/things/retrying/long")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "120")
                .body("type", equalTo("urn:problem-type:upstream-rate-limited"));

        wireMock.verify(1, getRequestedFor(urlEqualTo("/things/long")));
    }

    @Test
    void breakerOpensAfterTheConfiguredFailuresAndReadinessStaysUp() {
        wireMock.stubFor(get("/things/broken").willReturn(aResponse().withStatus(500)));

        for (int i = 0; i < 3; i++) {
            given().when().get("/test/things/breaking/broken").then().statusCode(503);
        }
        assertThat(guards.get("breaking").breakerState()).isEqualTo(CircuitBreakerState.OPEN);

        // open: answered without calling the upstream, with a hint of when to come back
        given().when().get("/test/things/breaking/broken")
                .then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.containsString("circuit breaker is open"));
        wireMock.verify(3, getRequestedFor(urlEqualTo("/things/broken")));

        given().when().get("/q/health/group/upstreams")
                .then().statusCode(503).body("checks[0].data.breaking", equalTo("OPEN"))
                .body("checks[0].data.retrying", equalTo("CLOSED"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void halfOpenLetsATrialThroughAndClosesOnSuccess() {
        wireMock.stubFor(get("/things/flaky").willReturn(aResponse().withStatus(502)));
        for (int i = 0; i < 2; i++) {
            given().when().get("/test/things/recovering/flaky").then().statusCode(503);
        }
        assertThat(guards.get("recovering").breakerState()).isEqualTo(CircuitBreakerState.OPEN);

        wireMock.stubFor(get("/things/flaky").willReturn(aResponse().withStatus(200).withBody("back")));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().when().get("/test/things/recovering/flaky").then().statusCode(200).body(equalTo("back")));
        assertThat(guards.get("recovering").breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void ratelimitedAndRejectedCallsDoNotOpenTheBreaker() {
        wireMock.stubFor(get("/things/busy").willReturn(aResponse().withStatus(404)));
        for (int i = 0; i < 4; i++) {
            given().when().get("/test/things/recovering/busy").then().statusCode(502);
        }
        assertThat(guards.get("recovering").breakerState()).isNotEqualTo(CircuitBreakerState.OPEN);
    }

    @Test
    void aFullQueueRefusesAtOnceAndFreesItsSlotsAfterwards() {
        wireMock.stubFor(get("/things/held").willReturn(aResponse().withStatus(200).withFixedDelay(1_500).withBody("ok")));
        wireMock.stubFor(get("/things/quick").willReturn(aResponse().withStatus(200).withBody("quick")));
        UpstreamGuard queued = guards.get("queued");

        var first = CompletableFuture.supplyAsync(() -> given().get("/test/things/queued/held").statusCode());
        var second = CompletableFuture.supplyAsync(() -> given().get("/test/things/queued/held").statusCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> queued.held() == 2);

        given().when().get("/test/things/queued/quick")
                .then().statusCode(503).header("Retry-After", "1")
                .body("type", equalTo("urn:problem-type:upstream-rate-limited"));
        wireMock.verify(0, getRequestedFor(urlEqualTo("/things/quick")));

        assertThat(first.join()).isEqualTo(200);
        assertThat(second.join()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> queued.held() == 0);
        given().when().get("/test/things/queued/quick").then().statusCode(200).body(equalTo("quick"));
    }

    @Test
    void callsWaitForTheSharedBudgetInsteadOfFailing() {
        wireMock.stubFor(get("/things/paced").willReturn(aResponse().withStatus(200).withBody("ok")));
        int calls = 6; // budget 2/1s: 2 at once, then one every 500 ms

        List<Integer> statuses = IntStream.range(0, calls).parallel()
                .mapToObj(i -> given().when().get("/test/things/budgeted/paced").statusCode()).toList();

        assertThat(statuses).containsOnly(200);
        List<LoggedRequest> served = wireMock.findAll(getRequestedFor(urlEqualTo("/things/paced")));
        assertThat(served).hasSize(calls);
        long[] arrived = served.stream().mapToLong(r -> r.getLoggedDate().getTime()).sorted().toArray();
        // the 3rd to the 6th call are three refills apart (3 × 500 ms); unpaced they would arrive within milliseconds.
        // Measured from the 3rd, not the 1st: on a loaded machine the first call's own connection set-up can arrive
        // hundreds of ms late and shorten the span; the slack below is for that jitter
        assertThat(arrived[calls - 1] - arrived[2]).isGreaterThanOrEqualTo(1_200);
    }

    @Test
    void aPerCallBudgetIsTakenAndCooledDownInsteadOfTheConfiguredOne() {
        // two stores of one upstream: each has its own quota (one call an hour), the upstream's own budget is untouched
        budgets.define("test-store-a", List.of(Limit.parse("1/1h"))).await().atMost(Duration.ofSeconds(5));
        budgets.define("test-store-b", List.of(Limit.parse("1/1h"))).await().atMost(Duration.ofSeconds(5));
        UpstreamGuard guard = guards.get("budgeted");
        Supplier<Uni<String>> ok = () -> Uni.createFrom().item("ok");

        assertThat(guard.callWithBudget("test-store-a", "GET /a", null, 1, ok).await().atMost(Duration.ofSeconds(5))).isEqualTo("ok");
        assertThatThrownBy(() -> guard.callWithBudget("test-store-a", "GET /a", null, 1, ok).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(BudgetWaitExceededException.class).hasMessageContaining("test-store-a");
        assertThat(guard.callWithBudget("test-store-b", "GET /b", null, 1, ok).await().atMost(Duration.ofSeconds(5))).isEqualTo("ok");
        assertThat(budgets.snapshot("test-guarded").await().atMost(Duration.ofSeconds(5)).available().get(0))
                .as("the upstream's configured budget (2/1s) was not drawn from").isGreaterThan(1.5);

        // a 429 on a store's call closes that store's budget for every replica, not the upstream's
        budgets.define("test-store-c", List.of(Limit.parse("10/1s"))).await().atMost(Duration.ofSeconds(5));
        Supplier<Uni<String>> throttled = () -> Uni.createFrom().failure(
                new UpstreamRateLimitedException("budgeted", 429, "TooManyRequests", "quota", Duration.ofHours(2)));
        assertThatThrownBy(() -> guard.callWithBudget("test-store-c", "GET /c", null, 1, throttled).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(UpstreamRateLimitedException.class);
        Instant cooldown = budgets.snapshot("test-store-c").await().atMost(Duration.ofSeconds(5)).cooldownUntil();
        assertThat(cooldown).isAfter(Instant.now().plus(Duration.ofMinutes(110)));
        assertThat(budgets.snapshot("test-guarded").await().atMost(Duration.ofSeconds(5)).cooldownUntil())
                .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).isBefore(Instant.now().plusSeconds(5)));
    }
}
