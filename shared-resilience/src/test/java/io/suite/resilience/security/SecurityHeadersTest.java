package io.suite.resilience.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.suite.testing.JwtKeys;

/** Issue 15 item 13: every response carries nosniff, a referrer policy and no framing; HTML also the CSP. */
@QuarkusTest
@QuarkusTestResource(JwtKeys.class)
class SecurityHeadersTest {

    static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static ValidatableResponse hardened(ValidatableResponse response) {
        return response.header("X-Content-Type-Options", equalTo("nosniff")).header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Frame-Options", equalTo("DENY"));
    }

    @Test
    void anHtmlPageGetsTheContentSecurityPolicy() {
        hardened(given().get("/test/page").then().statusCode(200)).header("Content-Security-Policy", equalTo(CSP));
    }

    @Test
    void jsonAnswersErrorsAndAuthenticationFailuresGetTheOtherHeaders() {
        hardened(given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user")).get("/test/whoami").then().statusCode(200))
                .header("Content-Security-Policy", nullValue());
        hardened(given().get("/test/whoami").then().statusCode(401));
        hardened(given().get("/test/boom").then().statusCode(500));
        hardened(given().get("/test/no-such-route").then().statusCode(404));
    }

    @Test
    void aPolicyTheResponseSetsItselfIsKept() {
        given().get("/test/own-policy").then().statusCode(200).header("Content-Security-Policy", equalTo("default-src 'none'"))
                .header("X-Frame-Options", equalTo("SAMEORIGIN")).header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
