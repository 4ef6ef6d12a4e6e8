package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * marketdata-service end to end through the gateway: a quote with a dev token; then the sandbox's Polygon goes down —
 * the last good quote is served marked stale, a ticker never fetched gets a 503 problem — and it recovers.
 */
@ExtendWith(RunningSuite.class)
class MarketDataSuiteTest {

    static final String API = RunningSuite.GATEWAY + "/api/v1/market-data";
    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    static final String USER = "Bearer " + DevTokens.user(UUID.randomUUID());

    @Test
    void staleDuringAnOutageThenRecovery() {
        given().header("Authorization", USER).when().get(API + "/SPY/quote")
                .then().statusCode(200).body("ticker", equalTo("SPY")).body("cache.stale", equalTo(false));
        try {
            given().contentType(ContentType.JSON).body("{\"outageSeconds\":600}")
                    .when().put(SANDBOX + "/_control/faults/polygon").then().statusCode(org.hamcrest.Matchers.lessThan(300));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Response r = given().header("Authorization", USER).when().get(API + "/SPY/quote");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.jsonPath().getBoolean("cache.stale")).as("served stale while Polygon is down").isTrue();
                assertThat(r.header("Age")).isNotNull();
            });
            given().header("Authorization", USER).when().get(API + "/QQQ/quote")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.startsWith("urn:problem-type:upstream-"));
        } finally {
            given().when().delete(SANDBOX + "/_control/faults/polygon");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().header("Authorization", USER).when().get(API + "/SPY/quote")
                        .then().statusCode(200).body("cache.stale", equalTo(false)));
        given().header("Authorization", USER).when().get(API + "/QQQ/quote")
                .then().statusCode(200).body("ticker", equalTo("QQQ")).body("last_trade", notNullValue());
    }

    @Test
    void marketDataIsNotForAnonymousUsers() {
        given().when().get(API + "/SPY/quote").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", USER).when().get(API + "/NOT_A_TICKER!/quote")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
