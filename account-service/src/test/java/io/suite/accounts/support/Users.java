package io.suite.accounts.support;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.suite.testing.JwtKeys;

/** Test users connected through the real connect flow; each has its own tokens, so WireMock stubs can tell them apart. */
public final class Users {

    private Users() {
    }

    public static String bearer(UUID user) {
        return "Bearer " + JwtKeys.token(user, "user");
    }

    public static String accessToken(UUID user) {
        return "Atza|access-" + user;
    }

    public static String refreshToken(UUID user) {
        return "Atzr|refresh-" + user;
    }

    /** GET /authorize (signed state) → LWA (WireMock) → GET /callback; returns the state used. */
    public static String connect(WireMockServer wireMock, UUID user, long expiresIn) {
        String code = "code-" + user;
        wireMock.stubFor(post("/lwa/auth/o2/token").withFormParam("code", equalTo(code))
                .willReturn(okJson("{\"access_token\":\"" + accessToken(user) + "\",\"token_type\":\"bearer\",\"expires_in\":"
                        + expiresIn + ",\"refresh_token\":\"" + refreshToken(user) + "\"}")));
        String location = given().header("Authorization", bearer(user)).redirects().follow(false)
                .get("/api/v1/auth/amazon/authorize").then().statusCode(303).extract().header("Location");
        String state = stateOf(location);
        given().queryParam("code", code).queryParam("state", state).get("/api/v1/auth/amazon/callback")
                .then().statusCode(200);
        return state;
    }

    public static String stateOf(String location) {
        return Arrays.stream(URI.create(location).getRawQuery().split("&")).filter(p -> p.startsWith("state="))
                .map(p -> URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }
}
