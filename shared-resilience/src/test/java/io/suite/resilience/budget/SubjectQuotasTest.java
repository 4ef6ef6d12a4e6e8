package io.suite.resilience.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.guard.UpstreamGuards;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import io.suite.testing.InjectWireMock;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Fair share: one subject cannot take a shared budget from everyone; the Postgres bucket per (budget, subject). */
@QuarkusTest
class SubjectQuotasTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    SubjectQuotas quotas;
    @Inject
    RateBudgets budgets;
    @Inject
    UpstreamGuards guards;
    @Inject
    Pool pool;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
        wireMock.stubFor(get(urlPathMatching("/things/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @Test
    void aGreedySubjectGets429WhileAnotherSubjectStillGetsTheBudget() {
        // test-fair: 5 calls an hour shared; each subject 0.4 of it (2). Without fair share the greedy one took all 5.
        String greedy = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        double refusedBefore = quotas.refused("test-fair");

        List<Response> greedyAnswers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            greedyAnswers.add(given().queryParam("subject", greedy).when().get("/test/fair/g" + i));
        }
        assertThat(greedyAnswers.stream().map(Response::statusCode).toList())
                .containsExactly(200, 200, 429, 429, 429, 429, 429, 429);
        Response refused = greedyAnswers.get(2);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).endsWith("too-many-requests");
        assertThat(refused.jsonPath().getString("detail")).doesNotContain(greedy);
        // a subject's permit comes back at 0.4 × 5/h = one every 30 min
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1_700L, 1_800L);

        given().queryParam("subject", other).when().get("/test/fair/o1").then().statusCode(200).body(equalTo("ok"));
        given().queryParam("subject", other).when().get("/test/fair/o2").then().statusCode(200);
        // the refusals spent nothing of the shared budget: 5 - 2 - 2 = 1 left for a third subject
        given().queryParam("subject", "third-" + greedy).when().get("/test/fair/t1").then().statusCode(200);

        assertThat(wireMock.findAll(getRequestedFor(urlPathMatching("/things/g.*")))).hasSize(2);
        assertThat(quotas.refused("test-fair") - refusedBefore).isEqualTo(6);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("resilience_subject_quota_refused_total{budget=\"test-fair\"}"));
    }

    @Test
    void callsWithoutASubjectAreNotLimitedByAnyShare() {
        // background work (no subject) still draws only on the shared budget: the fourth call finds it spent, not a share
        budgets.define("test-fair-background", List.of(Limit.parse("3/1h"))).await().atMost(Duration.ofSeconds(5));
        quotas.share("test-fair-background", List.of(Limit.parse("3/1h")), 0.34, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertThat(call("test-fair-background", null)).isEqualTo("ok");
        }
        assertThatThrownBy(() -> call("test-fair-background", null)).isInstanceOf(BudgetWaitExceededException.class);
    }

    @Test
    void theSubjectInTheSubscriptionContextIsTheOneCharged() {
        budgets.define("test-fair-context", List.of(Limit.parse("10/1h"))).await().atMost(Duration.ofSeconds(5));
        quotas.share("test-fair-context", List.of(Limit.parse("10/1h")), 0.1, Duration.ZERO);
        String alice = "alice-" + UUID.randomUUID();
        Uni<String> asAlice = Subjects.as(alice, () -> guards.get("fair").callWithBudget("test-fair-context", "GET /x", null, 1,
                () -> Uni.createFrom().item("ok")));
        assertThat(asAlice.await().atMost(Duration.ofSeconds(5))).isEqualTo("ok");
        assertThatThrownBy(() -> asAlice.await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(SubjectQuotaExceededException.class, e -> {
                    assertThat(e.subject()).isEqualTo(alice);
                    assertThat(e.budget()).isEqualTo("test-fair-context");
                    assertThat(e.getMessage()).doesNotContain(alice);
                });
        // an explicit subject wins over the context
        assertThat(Subjects.as(alice, () -> guards.get("fair").callWithBudget("test-fair-context", "GET /x", "bob-" + alice, 1,
                () -> Uni.createFrom().item("ok"))).await().atMost(Duration.ofSeconds(5))).isEqualTo("ok");
    }

    @Test
    void ownLimitsAllApplyAndACallWaitsUpToMaxWaitForItsNextPermit() {
        // test-own-limits: 2/1s and 3/1h per subject, max-wait 2s
        String s = "own-" + UUID.randomUUID();
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            await(quotas.acquire("fair", "test-own-limits", s, 1));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the third waited for the per-second refill")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThatThrownBy(() -> await(quotas.acquire("fair", "test-own-limits", s, 1)))
                .isInstanceOf(SubjectQuotaExceededException.class);
        Permit next = await(quotas.tryTake("test-own-limits", s, 1));
        assertThat(next.granted()).isFalse();
        assertThat(next.retryIn()).isGreaterThan(Duration.ofMinutes(10));
    }

    @Test
    void aTakeWithinMaxWaitReservesItsPermitAndIsToldHowLongToWait() {
        // 1/1s per subject, max-wait 2.5 s: the second and third takes reserve 1 s and 2 s ahead; the fourth would wait 3 s
        quotas.limits("test-reserve", List.of(Limit.parse("1/1s")), Duration.ofMillis(2_500));
        String s = "reserve-" + UUID.randomUUID();
        List<Permit> takes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            takes.add(await(quotas.tryTake("test-reserve", s, 1)));
        }
        assertThat(takes.subList(0, 3)).allMatch(Permit::granted);
        assertThat(takes.get(0).retryIn()).isZero();
        assertThat(takes.get(1).retryIn()).isBetween(Duration.ofMillis(700), Duration.ofMillis(1_000));
        assertThat(takes.get(2).retryIn()).isBetween(Duration.ofMillis(1_700), Duration.ofMillis(2_000));
        assertThat(takes.get(3).granted()).isFalse();
        assertThat(takes.get(3).retryIn()).isBetween(Duration.ofMillis(2_700), Duration.ofMillis(3_000));
        // admission asks the same question and reserves nothing
        assertThatThrownBy(() -> await(quotas.admit("up", "test-reserve", s))).isInstanceOf(SubjectQuotaExceededException.class);
    }

    @Test
    void aShareIsSplitBetweenTheSubjectsActiveOnTheBudget() {
        // at most half of 10/1s each; with four subjects active, a quarter each (a burst of 2, 2.5/s)
        quotas.share("test-split", List.of(Limit.parse("10/1s")), 0.5, Duration.ZERO, Duration.ofSeconds(30));
        await(quotas.countActive());
        assertThat(quotas.effectiveShareOf("test-split").orElseThrow().fraction()).isEqualTo(0.5);
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 4; i++) {
            assertThat(await(quotas.tryTake("test-split", "split-" + i + "-" + run, 1)).granted()).isTrue();
        }
        await(quotas.countActive());
        assertThat(quotas.activeSubjects("test-split")).isEqualTo(4);
        SubjectQuotas.Share each = quotas.effectiveShareOf("test-split").orElseThrow();
        assertThat(each.fraction()).isEqualTo(0.25);
        assertThat(each.capacities()).containsExactly(2.0);
        assertThat(each.refillPerSecond()).containsExactly(2.5);
        // a subject's bucket follows: the first subject took 1 of a burst of 5, now holds at most 2, takes 2 and is refused
        String first = "split-0-" + run;
        assertThat(await(quotas.tryTake("test-split", first, 1)).granted()).isTrue();
        assertThat(await(quotas.tryTake("test-split", first, 1)).granted()).isTrue();
        assertThat(await(quotas.tryTake("test-split", first, 1)).granted()).isFalse();
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("resilience_subject_quota_active{budget=\"test-split\"} 4.0"));
    }

    @Test
    void aShareOfABudgetWithAShortPeriodStillAllowsASecondsWorthAtOnce() {
        // 0.2 of 2/110ms: 3.6 calls a second; the budget's own burst (0.4 of a call) would refuse two quick clicks
        quotas.share("test-short-period", List.of(Limit.parse("2/110ms")), 0.2, Duration.ZERO, Duration.ofSeconds(30));
        SubjectQuotas.Share each = quotas.effectiveShareOf("test-short-period").orElseThrow();
        assertThat(each.capacities()).containsExactly(3.0);
        String s = "short-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(await(quotas.tryTake("test-short-period", s, 1)).granted()).as("take %d", i).isTrue();
        }
        assertThat(await(quotas.tryTake("test-short-period", s, 1)).granted()).isFalse();
    }

    @Test
    void anOpenBreakerAnswers503WithoutSpendingTheSubjectsShare() {
        // calls for nobody open the breaker; then a subject's calls fail fast as unavailable, never as over its share
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> guards.get("fair-breaking").call("GET /x", () -> Uni.createFrom()
                    .failure(new UpstreamUnavailableException("fair-breaking", 503, "Down", "down", null, null)))
                    .await().atMost(Duration.ofSeconds(5))).isInstanceOf(UpstreamUnavailableException.class);
        }
        String s = "breaker-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guards.get("fair-breaking").call("GET /x", s, () -> Uni.createFrom().item("ok"))
                    .await().atMost(Duration.ofSeconds(5)))
                    .isInstanceOf(UpstreamUnavailableException.class).isNotInstanceOf(SubjectQuotaExceededException.class);
        }
        long rows = await(pool.preparedQuery("select count(*) as n from resilience_subject_quota where subject = $1")
                .execute(Tuple.of(s)).map(r -> r.iterator().next().getLong("n")));
        assertThat(rows).as("share rows of a subject that only met the open breaker").isZero();
    }

    @Test
    void admissionOnlyChecksAndTakesNothing() {
        quotas.limits("test-admit", List.of(Limit.parse("1/1h")), Duration.ZERO);
        String s = "admit-" + UUID.randomUUID();
        await(quotas.admit("up", "test-admit", s));
        await(quotas.admit("up", "test-admit", s));
        assertThat(await(quotas.tryTake("test-admit", s, 1)).granted()).isTrue();
        assertThatThrownBy(() -> await(quotas.admit("up", "test-admit", s)))
                .isInstanceOfSatisfying(SubjectQuotaExceededException.class,
                        e -> assertThat(e.retryAfter().orElseThrow()).isGreaterThan(Duration.ofMinutes(50)));
    }

    @Test
    void aUnitDearerThanTheBurstIsGrantedOnAFullBucketAndLeavesItInDebt() {
        // a quote's two calls on a share whose burst is one: possible, but the share's rate still holds
        quotas.limits("test-debt", List.of(Limit.parse("1/1h")), Duration.ZERO);
        String s = "debt-" + UUID.randomUUID();
        assertThat(await(quotas.tryTake("test-debt", s, 2)).granted()).isTrue();
        Permit next = await(quotas.tryTake("test-debt", s, 2));
        assertThat(next.granted()).isFalse();
        // from -1 back to the one permit of the burst: two hours
        assertThat(next.retryIn()).isGreaterThan(Duration.ofMinutes(110)).isLessThanOrEqualTo(Duration.ofHours(2));
    }

    @Test
    void concurrentFirstCallsOfOneSubjectNeverExceedItsBurst() {
        quotas.limits("test-burst", List.of(Limit.parse("3/1h")), Duration.ZERO);
        String s = "burst-" + UUID.randomUUID();
        List<Uni<Permit>> takes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            takes.add(quotas.tryTake("test-burst", s, 1));
        }
        List<Permit> all = Uni.join().all(takes).andFailFast().await().atMost(Duration.ofSeconds(10));
        assertThat(all.stream().filter(Permit::granted).count()).isEqualTo(3);
    }

    @Test
    void refilledBucketsAreForgotten() {
        quotas.limits("test-forget", List.of(Limit.parse("5/1s")), Duration.ZERO);
        String s = "forget-" + UUID.randomUUID();
        assertThat(await(quotas.tryTake("test-forget", s, 1)).granted()).isTrue();
        // age the row as if it were taken a minute ago: its bucket is full again
        await(pool.preparedQuery("update resilience_subject_quota set updated_at = updated_at - interval '1 minute' "
                + "where budget = $1 and subject = $2").execute(Tuple.of("test-forget", s)).replaceWithVoid());
        assertThat(await(quotas.forgetFull())).isGreaterThanOrEqualTo(1);
        long left = await(pool.preparedQuery("select count(*) as n from resilience_subject_quota where budget = $1")
                .execute(Tuple.of("test-forget")).map(r -> r.iterator().next().getLong("n")));
        assertThat(left).isZero();
    }

    private String call(String budget, String subject) {
        return guards.get("fair").callWithBudget(budget, "GET /x", subject, 1, () -> Uni.createFrom().item("ok"))
                .await().atMost(Duration.ofSeconds(5));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(15));
    }
}
