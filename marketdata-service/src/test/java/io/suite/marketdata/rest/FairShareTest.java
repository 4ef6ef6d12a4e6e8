package io.suite.marketdata.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.suite.marketdata.service.MarketClock;
import io.suite.marketdata.testing.MutableClock;
import io.suite.marketdata.testing.Polygon;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.SubjectQuotas;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import jakarta.inject.Inject;

/**
 * Issue 15 item 4: one user cannot take the shared Polygon budget from everyone. Over its share a user gets 429 with
 * Retry-After (or stale data), another user's cold quote is still answered, and cache hits cost no share.
 */
@QuarkusTest
class FairShareTest {

    /** Friday 2024-01-19, 10:00 in New York: the session is open, quotes are fresh for seconds. */
    private static final Instant FRIDAY_OPEN = Instant.parse("2024-01-19T15:00:00Z");
    private static final String BUDGET = "polygon-free";

    @InjectWireMock
    WireMockServer wireMock;
    MutableClock clock;

    @Inject
    SubjectQuotas quotas;

    SubjectQuotas.Share configured;

    @BeforeEach
    void tightShare() {
        clock = new MutableClock(FRIDAY_OPEN);
        QuarkusMock.installMockForType(new MarketClock(clock), MarketClock.class);
        // the test profile's budget is roomy (1000/1s); here each user may make 4 upstream calls an hour (2 quotes)
        configured = quotas.shareOf(BUDGET).orElseThrow();
        quotas.limits(BUDGET, List.of(Limit.parse("4/1h")), Duration.ZERO);
    }

    @AfterEach
    void restoreShare() {
        quotas.define(configured);
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(JwtKeys.token(user, "user"));
    }

    @Test
    void aGreedyUserGets429WithRetryAfterWhileAnotherUserStillGetsAColdQuote() {
        UUID greedy = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        for (String t : List.of("FSA", "FSB", "FSC", "FSD", "FSE", "FSF")) {
            Polygon.stubQuote(wireMock, t);
        }
        double refusedBefore = quotas.refused(BUDGET);

        as(greedy).when().get("/api/v1/market-data/FSA/quote").then().statusCode(200);
        as(greedy).when().get("/api/v1/market-data/FSB/quote").then().statusCode(200);
        for (String t : List.of("FSC", "FSD", "FSE")) {
            Response refused = as(greedy).when().get("/api/v1/market-data/" + t + "/quote");
            assertThat(refused.statusCode()).as("greedy user's cold quote of %s", t).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:problem-type:too-many-requests");
            assertThat(refused.jsonPath().getString("detail")).doesNotContain(greedy.toString());
            // the next 2 calls of the user's share come back after 30 min (4/1h)
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1_000L, 1_800L);
        }
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/FSC")).as("a refused quote cost no upstream call").isZero();

        // another user's cold quote is served, even of a ticker the greedy user was refused
        as(other).when().get("/api/v1/market-data/FSC/quote").then().statusCode(200)
                .body("cache.source", equalTo("upstream"));
        as(other).when().get("/api/v1/market-data/FSF/quote").then().statusCode(200);
        assertThat(quotas.refused(BUDGET) - refusedBefore).isEqualTo(3);

        // a cache hit costs no share: the greedy user reads what the other user loaded
        as(greedy).when().get("/api/v1/market-data/FSC/quote").then().statusCode(200)
                .body("cache.from_cache", equalTo(true)).body("cache.stale", equalTo(false));
        // and once it is no longer fresh, the greedy user gets it stale rather than a refusal
        clock.advance(Duration.ofMinutes(2));
        as(greedy).when().get("/api/v1/market-data/FSA/quote").then().statusCode(200)
                .body("cache.stale", equalTo(true)).header("Age", not(equalTo("0")));
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/FSA")).isEqualTo(1);
    }
}
