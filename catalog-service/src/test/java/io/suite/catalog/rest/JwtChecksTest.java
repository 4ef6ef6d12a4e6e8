package io.suite.catalog.rest;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.suite.testing.JwtKeys;

/** Issue 15 item 9: a token without this suite's audience, older than the age cap or issued in the future is a 401. */
@QuarkusTest
class JwtChecksTest {

    @Test
    void adminRoutesRefuseTokensWithAWrongAudienceAnOldIatOrAFutureIat() {
        UUID admin = UUID.randomUUID();
        // a good token reaches validation (400 for the missing ASIN): authentication passed
        given().auth().oauth2(JwtKeys.token(admin, "user", "admin")).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/catalog/products/import").then().statusCode(400);
        JwtKeys.refusedTokens(admin, "user", "admin").forEach((what, token) -> given().auth().oauth2(token)
                .contentType(ContentType.JSON).body("{}").post("/api/v1/catalog/products/import")
                .then().log().ifValidationFails().statusCode(401).contentType("application/problem+json"));
    }
}
