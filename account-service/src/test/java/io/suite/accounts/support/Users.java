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

    /** The cookie binding a connect flow to the client that started it. */
    public static final String FLOW_COOKIE = "suite_lwa_flow";

    /** A started connect flow: LWA's consent URL (with the state) and the flow cookie the callback needs. */
    public record Flow(String location, String state, String cookie) {
    }

    /** GET /authorize as this user (bearer): the consent URL and the flow cookie. */
    public static Flow authorize(UUID user, boolean reconnect) {
        var answer = given().header("Authorization", bearer(user)).redirects().follow(false)
                .queryParam("reconnect", reconnect).get("/api/v1/auth/amazon/authorize").then().statusCode(303).extract();
        String location = answer.header("Location");
        return new Flow(location, stateOf(location), answer.cookie(FLOW_COOKIE));
    }

    /** LWA (WireMock) answers this user's code with its own tokens. */
    public static String stubCode(WireMockServer wireMock, UUID user, String code, long expiresIn) {
        wireMock.stubFor(post("/lwa/auth/o2/token").withFormParam("code", equalTo(code))
                .willReturn(okJson("{\"access_token\":\"" + accessToken(user) + "\",\"token_type\":\"bearer\",\"expires_in\":"
                        + expiresIn + ",\"refresh_token\":\"" + refreshToken(user) + "\"}")));
        return code;
    }

    /** GET /authorize (signed state, flow cookie) → LWA (WireMock) → GET /callback as the same user; returns the state used. */
    public static String connect(WireMockServer wireMock, UUID user, long expiresIn) {
        String code = stubCode(wireMock, user, "code-" + user, expiresIn);
        Flow flow = authorize(user, false);
        given().header("Authorization", bearer(user)).cookie(FLOW_COOKIE, flow.cookie()).queryParam("code", code)
                .queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(200);
        return flow.state();
    }

    /** The value of one query parameter of a URL. */
    public static String queryParam(String url, String name) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).filter(p -> p.startsWith(name + "="))
                .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8)).findFirst().orElse(null);
    }

    public static String stateOf(String location) {
        return Arrays.stream(URI.create(location).getRawQuery().split("&")).filter(p -> p.startsWith("state="))
                .map(p -> URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }
}
