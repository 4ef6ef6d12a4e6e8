package io.suite.accounts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.suite.testing.JwtKeys;

/**
 * Issue 15 item 13: the dashboard's pages carry a strict CSP, no framing, nosniff and no referrer (shared-resilience
 * SecurityHeaders); its assets and the API carry the same headers but the CSP. The page itself has no inline script or
 * style for the CSP to block (the real browser run is deploy/suite-tests DashboardBrowserTest).
 */
@QuarkusTest
class DashboardSecurityHeadersTest {

    static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static ValidatableResponse hardened(ValidatableResponse response) {
        return response.header("X-Content-Type-Options", equalTo("nosniff")).header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Frame-Options", equalTo("DENY"));
    }

    @Test
    void pagesAndFragmentsCarryTheContentSecurityPolicy() {
        String cookie = JwtKeys.token(UUID.randomUUID(), "user");
        String page = hardened(given().cookie("suite_session", cookie).get("/dashboard").then().statusCode(200)
                .contentType(containsString("text/html"))).header("Content-Security-Policy", equalTo(CSP)).extract().asString();
        // what the CSP would block: inline script, inline style, style attributes, javascript: URLs
        for (String inline : new String[] { "<script>", "<style", " style=", "javascript:", " onclick=", " hx-on" }) {
            Assertions.assertThat(page).as(inline).doesNotContain(inline);
        }
        hardened(given().cookie("suite_session", cookie).header("HX-Request", "true").get("/dashboard/summary").then()
                .statusCode(200)).header("Content-Security-Policy", equalTo(CSP));
        // the sign-in page, written when authentication fails
        hardened(given().accept("text/html").get("/dashboard").then().statusCode(401).contentType(containsString("text/html")))
                .header("Content-Security-Policy", equalTo(CSP));
    }

    @Test
    void assetsAndTheApiCarryTheOtherHeaders() {
        hardened(given().get("/dashboard/assets/dashboard.js").then().statusCode(200))
                .header("Content-Security-Policy", nullValue());
        hardened(given().get(DashboardResource.HTMX).then().statusCode(200)).header("Content-Type", not(containsString("html")));
        hardened(given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user")).get("/api/v1/accounts").then().statusCode(200))
                .header("Content-Security-Policy", nullValue());
        hardened(given().get("/api/v1/accounts").then().statusCode(401));
    }
}
