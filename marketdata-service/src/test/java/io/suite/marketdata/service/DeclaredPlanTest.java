package io.suite.marketdata.service;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.suite.marketdata.testing.MutableClock;
import io.suite.marketdata.testing.Polygon;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;

/**
 * {@code POLYGON_PLAN=basic}: the free plan declared, so a fresh start spends no call finding out what the key may
 * read. Not one forbidden call: quotes go straight to the previous close, chains to reference data, history beyond two
 * years is a 400 before any call.
 */
@QuarkusTest
@TestProfile(DeclaredPlanTest.BasicPlan.class)
class DeclaredPlanTest {

    public static class BasicPlan implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketdata.polygon.plan", "basic");
        }
    }

    private static final String P = Polygon.PREFIX;
    private static final Instant FRIDAY_OPEN = Instant.parse("2024-01-19T15:00:00Z");

    @InjectWireMock
    WireMockServer wireMock;

    @BeforeEach
    void fixedClock() {
        QuarkusMock.installMockForType(new MarketClock(new MutableClock(FRIDAY_OPEN)), MarketClock.class);
    }

    @Test
    void aDeclaredFreePlanMakesNoForbiddenCall() {
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/grouped/locale/us/market/stocks/2024-01-18")),
                Polygon.grouped(LocalDate.of(2024, 1, 18), "DPA", "DPB"), 0));
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/reference/options/contracts")),
                "{\"status\":\"OK\",\"request_id\":\"r\",\"results\":[]}", 0));
        var user = given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user"));
        user.when().get("/api/v1/market-data/DPA/quote").then().statusCode(200).body("source", equalTo("previous_close"))
                .body("note", equalTo("the Polygon/Massive plan does not include stocks.trades, stocks.nbbo, stocks.snapshots"));
        user.when().get("/api/v1/market-data/DPB/options?expiration=0dte").then().statusCode(200).body("source", equalTo("reference"));
        user.when().get("/api/v1/market-data/DPB/historical?from=2021-06-01&to=2021-06-30").then().statusCode(400)
                .body("errors[0].field", equalTo("from")).body("errors[0].message", containsString("2022-01-19"))
                .body("errors[0].message", containsString("the declared basic plan serves 2 years of history"));
        user.when().get("/api/v1/market-data/health").then().statusCode(200)
                .body("entitlements.plan", equalTo("basic")).body("entitlements.declared", equalTo(true))
                .body("entitlements.end_of_day", equalTo(true))
                .body("entitlements.families.'stocks.trades'.state", equalTo("forbidden"))
                .body("entitlements.families.'stocks.trades'.source", equalTo("declared"))
                .body("entitlements.history.stocks.earliest", equalTo("2022-01-19"));
        assertThat(wireMock.getAllServeEvents()).as("no call the plan does not include")
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).isEqualTo(200));
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/.*")).isZero();
        assertThat(Polygon.callsMatching(wireMock, "/v[23]/snapshot/.*")).isZero();
        assertThat(Polygon.callsMatching(wireMock, "/v2/aggs/ticker/.*")).isZero();
    }
}
