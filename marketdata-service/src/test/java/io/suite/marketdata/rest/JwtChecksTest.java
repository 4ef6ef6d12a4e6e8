package io.suite.marketdata.rest;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.JwtKeys;

/** Issue 15 item 9: a token without this suite's audience, older than the age cap or issued in the future is a 401. */
@QuarkusTest
class JwtChecksTest {

    @Test
    void apiRoutesRefuseTokensWithAWrongAudienceAnOldIatOrAFutureIat() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(JwtKeys.token(user, "user")).get("/api/v1/market-data/cache/stats").then().statusCode(200);
        JwtKeys.refusedTokens(user, "user").forEach((what, token) -> given().auth().oauth2(token)
                .get("/api/v1/market-data/cache/stats")
                .then().log().ifValidationFails().statusCode(401).contentType("application/problem+json"));
    }
}
