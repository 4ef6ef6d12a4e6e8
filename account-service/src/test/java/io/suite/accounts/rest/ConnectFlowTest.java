package io.suite.accounts.rest;

import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import io.suite.testing.JwtKeys;

/** GET /api/v1/auth/amazon/authorize → LWA → /callback, and the authentication rules of the API. */
@QuarkusTest
class ConnectFlowTest {

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
                "redirect_uri=http%3A%2F%2Flocalhost%2Fapi%2Fv1%2Fauth%2Famazon%2Fcallback");
        assertThat(Users.stateOf(location)).isNotBlank().doesNotContain(user.toString());
    }

    @Test
    void callbackExchangesTheCodeAndStoresTheTokensEncrypted() throws Exception {
        UUID user = UUID.randomUUID();
        Instant before = Instant.now();
        Users.connect(wireMock, user, 3600);
        wireMock.verify(1, postRequestedFor(urlEqualTo("/lwa/auth/o2/token")).withFormParam("code", WireMock.equalTo("code-" + user))
                .withFormParam("grant_type", WireMock.equalTo("authorization_code")));
        try (Connection c = OwnerDb.connect(); ResultSet rs = c.createStatement().executeQuery(
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
        String location = given().header("Authorization", Users.bearer(user)).redirects().follow(false)
                .get("/api/v1/auth/amazon/authorize").then().extract().header("Location");
        String state = Users.stateOf(location);
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
