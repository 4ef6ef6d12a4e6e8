package io.suite.accounts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.JwtKeys;

/**
 * Issue 15 item 9: a token without this suite's audience, older than the age cap or issued in the future is refused,
 * as a bearer token (401 problem) and as the dashboard's session cookie (the "session ended" sign-in page).
 */
@QuarkusTest
class JwtChecksTest {

    @Test
    void theApiRefusesTokensWithAWrongAudienceAnOldIatOrAFutureIat() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(JwtKeys.token(user, "user")).get("/api/v1/accounts").then().statusCode(200);
        JwtKeys.refusedTokens(user, "user").forEach((what, token) -> given().auth().oauth2(token).get("/api/v1/accounts")
                .then().log().ifValidationFails().statusCode(401).contentType("application/problem+json"));
    }

    @Test
    void theDashboardSessionCookieIsCheckedTheSameWay() {
        UUID user = UUID.randomUUID();
        given().cookie("suite_session", JwtKeys.token(user, "user")).get("/dashboard").then().statusCode(200);
        JwtKeys.refusedTokens(user, "user").forEach((what, token) -> given().cookie("suite_session", token).get("/dashboard")
                .then().log().ifValidationFails().statusCode(401).body(containsString("Your session has ended")));
    }
}
