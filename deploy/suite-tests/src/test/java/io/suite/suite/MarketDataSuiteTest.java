package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * marketdata-service end to end. Through the gateway on the seed's own configuration, the free key, with a second
 * replica of the fleet beside it: quotes are the previous close, each endpoint family the plan lacks is refused at
 * most once for both replicas, a 0-DTE chain comes from reference data, history beyond two years is a 400. Then an
 * instance on the paid key: while the sandbox's Polygon is down the last good quote is served marked stale, a ticker
 * never fetched gets a 503 problem, and it recovers.
 */
@ExtendWith(RunningSuite.class)
class MarketDataSuiteTest {

    static final String API = RunningSuite.GATEWAY + "/api/v1/market-data";
    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    static final String USER = "Bearer " + DevTokens.user(UUID.randomUUID());

    @Test
    void theFreeKeyThroughTheGatewayAndASecondReplica() throws Exception {
        given().when().post(SANDBOX + "/_control/counters/reset").then().statusCode(204);
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        // a second replica of the gateway's instance: same key, same schema, its own memory (no clean at start)
        try (MarketDataReplica second = MarketDataReplica.start("marketdata-service-2", 18482, 19482,
                Map.of("QUARKUS_FLYWAY_CLEAN_AT_START", "false"))) {
            for (String ticker : List.of("SPY", "QQQ", "AAPL", "MSFT", "NVDA", "IWM")) {
                for (String base : List.of(API, second.url)) {
                    given().header("Authorization", USER).when().get(base + "/" + ticker + "/quote").then().statusCode(200)
                            .body("ticker", equalTo(ticker)).body("source", equalTo("previous_close"))
                            .body("delayed", equalTo(true)).body("price", greaterThan(0f)).body("last_trade", nullValue())
                            .body("note", containsString("stocks.trades"));
                }
            }
            // an index: a value, on this plan its previous close
            given().header("Authorization", USER).when().get(API + "/I:SPX/quote").then().statusCode(200)
                    .body("asset_class", equalTo("indices")).body("source", equalTo("previous_close"));
            // 0-DTE without the options snapshot: reference data, prices null
            given().header("Authorization", USER).when().get(API + "/SPY/options?expiration=0dte&type=call&limit=5").then()
                    .statusCode(200).body("source", equalTo("reference")).body("zero_dte", equalTo(true))
                    .body("count", equalTo(5)).body("contracts[0].bid", nullValue()).body("next_token", notNullValue());
            given().header("Authorization", USER).when().get(second.url + "/I:SPX/options?expiration=0dte&limit=3").then()
                    .statusCode(200).body("source", equalTo("reference")).body("contracts[0].ticker", containsString("O:SPX"));
            // history beyond the free plan's two years: a 400 naming from and the earliest day, learned from the 403
            String threeYearsAgo = today.minusYears(3).toString();
            for (String base : List.of(API, second.url)) {
                given().header("Authorization", USER).when()
                        .get(base + "/SPY/historical?from=" + threeYearsAgo + "&to=" + today.minusYears(3).plusDays(7)).then()
                        .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("from"))
                        .body("errors[0].message", containsString(today.minusYears(2).toString()));
            }
            given().header("Authorization", USER).when().get(API + "/SPY/historical?from=" + today.minusMonths(1) + "&to=" + today)
                    .then().statusCode(200).body("count", greaterThan(10));

            Map<String, Object> polygon = given().when().get(SANDBOX + "/_control/counters").then().statusCode(200).extract()
                    .jsonPath().getMap("polygon");
            @SuppressWarnings("unchecked")
            Map<String, Integer> refused = (Map<String, Integer>) polygon.get("notEntitledFamilies");
            assertThat(refused).as("403s per family for both replicas")
                    .allSatisfy((family, n) -> assertThat(n).as(family).isLessThanOrEqualTo(1));
            @SuppressWarnings("unchecked")
            Map<String, Integer> endpoints = (Map<String, Integer>) polygon.get("endpoints");
            assertThat(endpoints.getOrDefault("GET /polygon/v2/aggs/grouped/locale/us/market/stocks/{date}", 0))
                    .as("one grouped-daily call for every stock's previous close").isLessThanOrEqualTo(1);
            assertThat(endpoints.getOrDefault("GET /polygon/v2/aggs/ticker/{ticker}/prev", 0)).as("only the index asks /prev")
                    .isLessThanOrEqualTo(1);
            JsonPath health = given().header("Authorization", USER).when().get(second.url + "/health").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(health.getString("entitlements.families.'stocks.trades'.state")).isEqualTo("forbidden");
            assertThat(health.getString("entitlements.families.'stocks.aggregates'.state")).isEqualTo("entitled");
            assertThat(health.getString("entitlements.history.stocks.earliest")).isEqualTo(today.minusYears(2).toString());
        }
    }

    @Test
    void thePaidKeyIsStaleDuringAnOutageThenRecovers() throws Exception {
        RunningSuite.run(120, "env", "SUITE_DB_NAME=suite_e2e_paid", "deploy/local/db");
        try (MarketDataReplica paid = MarketDataReplica.start("marketdata-service-paid", 18483, 19483,
                Map.of("SUITE_DB_NAME", "suite_e2e_paid", "POLYGON_API_KEY", "sandbox-polygon-paid", "POLYGON_BUDGET", "polygon-paid",
                        "POLYGON_PLAN", "advanced"))) {
            given().header("Authorization", USER).when().get(paid.url + "/SPY/quote")
                    .then().statusCode(200).body("ticker", equalTo("SPY")).body("source", equalTo("nbbo"))
                    .body("delayed", equalTo(false)).body("cache.stale", equalTo(false));
            try {
                given().contentType(ContentType.JSON).body("{\"outageSeconds\":600}")
                        .when().put(SANDBOX + "/_control/faults/polygon").then().statusCode(org.hamcrest.Matchers.lessThan(300));

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Response r = given().header("Authorization", USER).when().get(paid.url + "/SPY/quote");
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.jsonPath().getBoolean("cache.stale")).as("served stale while Polygon is down").isTrue();
                    assertThat(r.header("Age")).isNotNull();
                });
                given().header("Authorization", USER).when().get(paid.url + "/QQQ/quote")
                        .then().statusCode(503).contentType("application/problem+json")
                        .body("type", org.hamcrest.Matchers.startsWith("urn:problem-type:upstream-"));
            } finally {
                given().when().delete(SANDBOX + "/_control/faults/polygon");
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> given().header("Authorization", USER).when().get(paid.url + "/SPY/quote")
                            .then().statusCode(200).body("cache.stale", equalTo(false)));
            given().header("Authorization", USER).when().get(paid.url + "/QQQ/quote")
                    .then().statusCode(200).body("ticker", equalTo("QQQ")).body("last_trade", notNullValue())
                    .body("bid.price", notNullValue());
        }
    }

    @Test
    void marketDataIsNotForAnonymousUsers() {
        given().when().get(API + "/SPY/quote").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", USER).when().get(API + "/NOT_A_TICKER!/quote")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
