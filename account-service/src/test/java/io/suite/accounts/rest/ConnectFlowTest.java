package io.suite.accounts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;

/** GET /api/v1/auth/amazon/authorize → LWA → /callback, and the authentication rules of the API. */
@QuarkusTest
class ConnectFlowTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void authorizeRedirectsToLwaWithASignedState() {
        UUID user = UUID.randomUUID();
        String location = given().header("Authorization", Users.bearer(user)).redirects().follow(false)
                .get("/api/v1/auth/amazon/authorize").then().statusCode(303).extract().header("Location");
        URI uri = URI.create(location);
        assertThat(uri.getHost()).isEqualTo("lwa.test");
        assertThat(uri.getPath()).isEqualTo("/ap/oa");
        assertThat(uri.getRawQuery()).contains("client_id=amzn1.application-oa2-client.test", "response_type=code",
                "scope=advertising%3A%3Acampaign_management",
                "redirect_uri=http%3A%2F%2Flocalhost%2Fapi%2Fv1%2Fauth%2Famazon%2Fcallback", "code_challenge_method=S256");
        assertThat(Users.stateOf(location)).isNotBlank().doesNotContain(user.toString());
    }

    @Test
    void authorizeBindsTheFlowToThisClientWithAnHttpOnlyLaxCookieAndPkce() {
        UUID user = UUID.randomUUID();
        var answer = given().header("Authorization", Users.bearer(user)).redirects().follow(false)
                .get("/api/v1/auth/amazon/authorize").then().statusCode(303).extract();
        String setCookie = answer.header("Set-Cookie");
        assertThat(setCookie).startsWith(Users.FLOW_COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").contains("Path=/api/v1/auth/amazon");
        assertThat(answer.cookie(Users.FLOW_COOKIE)).hasSizeGreaterThanOrEqualTo(43);
        // PKCE: an S256 challenge of 43 base64url characters (the verifier stays on the server)
        assertThat(Users.queryParam(answer.header("Location"), "code_challenge")).matches("[A-Za-z0-9_-]{43}");
    }

    /** Issue 15 item 1: M sends its consent link to V; V allows; the callback in V's client must not connect anything. */
    @Test
    void aCallbackFromAnotherUserOrClientIsRefusedAndConnectsNothing() throws Exception {
        UUID mallory = UUID.randomUUID();
        UUID victim = UUID.randomUUID();
        Users.Flow flow = Users.authorize(mallory, false);
        String code = Users.stubCode(wireMock, victim, "victim-code-" + victim, 3600);

        // the victim's client: signed in as the victim, without Mallory's flow cookie
        given().header("Authorization", Users.bearer(victim)).queryParam("code", code).queryParam("state", flow.state())
                .get("/api/v1/auth/amazon/callback").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:connect-flow-mismatch"));
        // not signed in at all
        given().queryParam("code", code).queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback")
                .then().statusCode(401).contentType("application/problem+json");
        // even with the cookie (stolen), the signed-in user must be the one who started it
        given().header("Authorization", Users.bearer(victim)).cookie(Users.FLOW_COOKIE, flow.cookie()).queryParam("code", code)
                .queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(403);
        // the right user in another client (no cookie, or another flow's cookie)
        given().header("Authorization", Users.bearer(mallory)).queryParam("code", code).queryParam("state", flow.state())
                .get("/api/v1/auth/amazon/callback").then().statusCode(403);
        given().header("Authorization", Users.bearer(mallory)).cookie(Users.FLOW_COOKIE, Users.authorize(mallory, false).cookie())
                .queryParam("code", code).queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(403);
        // a browser is sent back to its dashboard, which offers to connect again
        given().header("Authorization", Users.bearer(victim)).accept("text/html").redirects().follow(false)
                .queryParam("code", code).queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then()
                .statusCode(303).header("Location", "/dashboard?connect_error=mismatch");
        given().header("Authorization", Users.bearer(victim)).get("/dashboard?connect_error=mismatch").then().statusCode(200)
                .body(containsString("started by another account or in another browser"), containsString("id=\"connect-again\""));

        wireMock.verify(0, postRequestedFor(urlEqualTo("/lwa/auth/o2/token")).withFormParam("code", WireMock.equalTo(code)));
        assertThat(connections(mallory)).isZero();
        assertThat(connections(victim)).isZero();
        given().header("Authorization", Users.bearer(mallory)).get("/api/v1/accounts/sync-health").then().statusCode(200)
                .body("needs_reauthorization", equalTo(false));
        // the flow itself is intact: the client that started it can still finish it
        given().header("Authorization", Users.bearer(mallory)).cookie(Users.FLOW_COOKIE, flow.cookie()).queryParam("code", code)
                .queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(200);
        assertThat(connections(mallory)).isOne();
    }

    /** Issue 15 item 3: a state works once; a replay with a fresh code does not replace the connection. */
    @Test
    void theStateIsSingleUse() throws Exception {
        UUID user = UUID.randomUUID();
        Users.Flow flow = Users.authorize(user, false);
        String first = Users.stubCode(wireMock, user, "first-" + user, 3600);
        given().header("Authorization", Users.bearer(user)).cookie(Users.FLOW_COOKIE, flow.cookie()).queryParam("code", first)
                .queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(200)
                .header("Set-Cookie", containsString(Users.FLOW_COOKIE + "=;"));
        byte[] stored = refreshTokenCiphertext(user);

        wireMock.stubFor(WireMock.post("/lwa/auth/o2/token").withFormParam("code", WireMock.equalTo("second-" + user))
                .willReturn(WireMock.okJson("{\"access_token\":\"Atza|other\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"Atzr|other\"}")));
        given().header("Authorization", Users.bearer(user)).cookie(Users.FLOW_COOKIE, flow.cookie())
                .queryParam("code", "second-" + user).queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("state"))
                .body("detail", containsString("already been used"));
        wireMock.verify(0, postRequestedFor(urlEqualTo("/lwa/auth/o2/token")).withFormParam("code", WireMock.equalTo("second-" + user)));
        assertThat(refreshTokenCiphertext(user)).isEqualTo(stored);
    }

    /** Issue 15 item 3: replacing a working connection takes an explicit reconnect. */
    @Test
    void aWorkingConnectionIsReplacedOnlyByAnExplicitReconnect() throws Exception {
        UUID user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
        given().header("Authorization", Users.bearer(user)).redirects().follow(false).get("/api/v1/auth/amazon/authorize").then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("reconnect=true"));
        byte[] before = refreshTokenCiphertext(user);

        Users.Flow reconnect = Users.authorize(user, true);
        String code = "again-" + user;
        wireMock.stubFor(WireMock.post("/lwa/auth/o2/token").withFormParam("code", WireMock.equalTo(code))
                .willReturn(WireMock.okJson("{\"access_token\":\"Atza|again-" + user + "\",\"token_type\":\"bearer\","
                        + "\"expires_in\":3600,\"refresh_token\":\"Atzr|again-" + user + "\"}")));
        given().header("Authorization", Users.bearer(user)).cookie(Users.FLOW_COOKIE, reconnect.cookie()).queryParam("code", code)
                .queryParam("state", reconnect.state()).get("/api/v1/auth/amazon/callback").then().statusCode(200);
        assertThat(refreshTokenCiphertext(user)).isNotEqualTo(before);
        assertThat(connections(user)).isOne();
    }

    /** Issue 15 item 1 (PKCE): the code is exchanged with the verifier whose S256 is the challenge sent to LWA. */
    @Test
    void theCodeIsExchangedWithThePkceVerifierOfItsFlow() throws Exception {
        UUID user = UUID.randomUUID();
        Users.Flow flow = Users.authorize(user, false);
        String code = Users.stubCode(wireMock, user, "pkce-" + user, 3600);
        given().header("Authorization", Users.bearer(user)).cookie(Users.FLOW_COOKIE, flow.cookie()).queryParam("code", code)
                .queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(200);
        var sent = wireMock.findAll(postRequestedFor(urlEqualTo("/lwa/auth/o2/token")).withFormParam("code", WireMock.equalTo(code)));
        assertThat(sent).hasSize(1);
        String verifier = formParam(sent.get(0).getBodyAsString(), "code_verifier");
        assertThat(verifier).matches("[A-Za-z0-9_-]{43,128}");
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        assertThat(Users.queryParam(flow.location(), "code_challenge")).isEqualTo(challenge);
    }

    /** Issue 15 item 16: a browser sending exactly "Accept: text/html" is answered (not 406); a refused code is a 400. */
    @Test
    void aBrowserAcceptingOnlyHtmlIsRedirectedAndARefusedCodeIsA400NamingTheCode() {
        UUID user = UUID.randomUUID();
        Users.Flow flow = Users.authorize(user, false);
        String code = Users.stubCode(wireMock, user, "html-" + user, 3600);
        given().header("Authorization", Users.bearer(user)).cookie(Users.FLOW_COOKIE, flow.cookie()).header("Accept", "text/html")
                .redirects().follow(false).queryParam("code", code).queryParam("state", flow.state())
                .get("/api/v1/auth/amazon/callback").then().statusCode(303).header("Location", "/dashboard?connected=1");

        UUID other = UUID.randomUUID();
        Users.Flow refused = Users.authorize(other, false);
        wireMock.stubFor(WireMock.post("/lwa/auth/o2/token").withFormParam("code", WireMock.equalTo("stale-" + other))
                .willReturn(WireMock.aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"error_description\":\"The request has an invalid grant parameter : code\",\"error\":\"invalid_grant\"}")));
        given().header("Authorization", Users.bearer(other)).cookie(Users.FLOW_COOKIE, refused.cookie())
                .queryParam("code", "stale-" + other).queryParam("state", refused.state()).get("/api/v1/auth/amazon/callback").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("code"));
    }

    /**
     * A browser back from Amazon (a cross-site redirect) arrives without its SameSite=Strict session cookie: it gets a page
     * of ours that asks for the same URL again (same-site, so with the cookie), once.
     */
    @Test
    void aBrowserWithoutItsSessionIsSentToTheSameUrlOnceMoreFromThisSite() {
        UUID user = UUID.randomUUID();
        Users.Flow flow = Users.authorize(user, false);
        String page = given().cookie(Users.FLOW_COOKIE, flow.cookie()).accept("text/html").queryParam("code", "c")
                .queryParam("state", flow.state()).get("/api/v1/auth/amazon/callback").then().statusCode(200)
                .contentType(containsString("text/html")).header("Referrer-Policy", "no-referrer").extract().asString();
        assertThat(page).contains("http-equiv=\"refresh\"", "resumed=1");
        given().cookie(Users.FLOW_COOKIE, flow.cookie()).accept("text/html").redirects().follow(false).queryParam("code", "c")
                .queryParam("state", flow.state()).queryParam("resumed", "1").get("/api/v1/auth/amazon/callback").then()
                .statusCode(303).header("Location", containsString("/dashboard/sign-in"));
    }

    static long connections(UUID user) throws Exception {
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from oauth_tokens where user_id = '" + user + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static byte[] refreshTokenCiphertext(UUID user) throws Exception {
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select refresh_token_enc from oauth_tokens where user_id = '" + user + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getBytes(1);
        }
    }

    static String formParam(String body, String name) {
        for (String kv : body.split("&")) {
            if (kv.startsWith(name + "=")) {
                return URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Test
    void callbackExchangesTheCodeAndStoresTheTokensEncrypted() throws Exception {
        UUID user = UUID.randomUUID();
        Instant before = Instant.now();
        Users.connect(wireMock, user, 3600);
        wireMock.verify(1, postRequestedFor(urlEqualTo("/lwa/auth/o2/token")).withFormParam("code", WireMock.equalTo("code-" + user))
                .withFormParam("grant_type", WireMock.equalTo("authorization_code")));
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select t.access_token_enc, t.refresh_token_enc, t.key_id, t.expires_at, s.due_at from oauth_tokens t"
                                + " join token_refresh_schedule s on s.token_id = t.id where t.user_id = '" + user + "'")) {
            assertThat(rs.next()).isTrue();
            for (String column : new String[] { "access_token_enc", "refresh_token_enc" }) {
                String raw = new String(rs.getBytes(column), StandardCharsets.ISO_8859_1);
                assertThat(raw).doesNotContain("Atz").doesNotContain(user.toString());
            }
            assertThat(rs.getString("key_id")).startsWith("k");
            Instant expires = rs.getTimestamp("expires_at").toInstant();
            assertThat(expires).isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3600));
            // proactive refresh due 10 minutes before expiry
            assertThat(Duration.between(rs.getTimestamp("due_at").toInstant(), expires)).isEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void aForgedOrAlteredStateIsRefused() {
        UUID user = UUID.randomUUID();
        String state = Users.authorize(user, false).state();
        String altered = (state.charAt(0) == 'A' ? 'B' : 'A') + state.substring(1);
        given().queryParam("code", "c").queryParam("state", altered).get("/api/v1/auth/amazon/callback")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("state"));
        given().queryParam("code", "c").get("/api/v1/auth/amazon/callback")
                .then().statusCode(400).body("errors[0].field", equalTo("state"));
        given().queryParam("error", "access_denied").queryParam("state", state).get("/api/v1/auth/amazon/callback")
                .then().statusCode(400).body("detail", containsString("access_denied"));
    }

    @Test
    void theApiNeedsAValidBearerTokenAndAdminForTokenOperations() {
        given().get("/api/v1/accounts").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer " + JwtKeys.forgedToken(UUID.randomUUID(), "user"))
                .get("/api/v1/accounts").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", Users.bearer(UUID.randomUUID()))
                .post("/api/v1/tokens/" + UUID.randomUUID() + "/refresh").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + JwtKeys.token(UUID.randomUUID(), "admin"))
                .post("/api/v1/tokens/" + UUID.randomUUID() + "/refresh").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void noTokenEverAppearsInAReply() {
        UUID user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
        for (String path : new String[] { "/api/v1/accounts", "/api/v1/accounts/sync-health" }) {
            given().header("Authorization", Users.bearer(user)).get(path).then().statusCode(200)
                    .body(not(containsString("Atz")));
        }
    }
}
