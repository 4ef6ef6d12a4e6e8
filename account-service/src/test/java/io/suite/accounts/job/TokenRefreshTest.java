package io.suite.accounts.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.LwaTokenReply;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.service.TokenCipher;
import io.suite.accounts.service.TokenService;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** Proactive refresh with leases, on-the-spot single-flight refresh, invalid_grant, failures and the admin endpoint. */
@QuarkusTest
class TokenRefreshTest {

    static final String LWA = "/lwa/auth/o2/token";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    TokenRefreshJob job;

    @Inject
    TokenService tokens;

    @Inject
    TokenCipher cipher;

    @Inject
    MeterRegistry meters;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }

    /** A connected user whose access token expires in {@code expiresIn} seconds (negative: already expired). */
    UUID userWithToken(long expiresIn) {
        UUID user = UUID.randomUUID();
        await(tokens.connect(user, new LwaTokenReply(Users.accessToken(user), "bearer", expiresIn, Users.refreshToken(user), null)));
        return user;
    }

    void lwaRefreshAnswers(UUID user, int delayMs, String accessToken, String refreshTokenOrNull) {
        wireMock.stubFor(post(LWA).withFormParam("refresh_token", equalTo(Users.refreshToken(user)))
                .willReturn(okJson("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"expires_in\":3600"
                        + (refreshTokenOrNull == null ? "" : ",\"refresh_token\":\"" + refreshTokenOrNull + "\"") + "}")
                        .withFixedDelay(delayMs)));
    }

    int refreshCalls(UUID user) {
        return wireMock.findAll(postRequestedFor(urlEqualTo(LWA)).withFormParam("refresh_token", equalTo(Users.refreshToken(user))))
                .size();
    }

    record State(Instant expiresAt, int failures, String lastError, boolean needsReauth, Instant lastRefreshed, Instant dueAt,
            byte[] refreshEnc, String keyId, UUID tokenId) {
    }

    State state(UUID user) throws Exception {
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select t.id, t.expires_at, t.refresh_failure_count, t.last_refresh_error, t.needs_reauth, t.last_refreshed_at,"
                                + " s.due_at, t.refresh_token_enc, t.key_id from oauth_tokens t join token_refresh_schedule s"
                                + " on s.token_id = t.id where t.user_id = '" + user + "'")) {
            rs.next();
            return new State(rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getString(4), rs.getBoolean(5),
                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(), rs.getBytes(8), rs.getString(9),
                    (UUID) rs.getObject(1));
        }
    }

    @Test
    void tokensExpiringWithinTenMinutesAreRefreshedOnceAndKeepTheirRefreshToken() throws Exception {
        UUID soon = userWithToken(300);
        UUID later = userWithToken(3600);
        lwaRefreshAnswers(soon, 0, "Atza|renewed-" + soon, null);
        lwaRefreshAnswers(later, 0, "Atza|renewed-" + later, null);
        double before = meters.counter("accounts.token.refresh", "trigger", "proactive", "outcome", "success").count();

        await(job.runOnce());
        assertThat(refreshCalls(soon)).isEqualTo(1);
        assertThat(refreshCalls(later)).as("not due yet").isZero();
        State s = state(soon);
        assertThat(s.expiresAt()).isAfter(Instant.now().plusSeconds(3500));
        assertThat(s.lastRefreshed()).isNotNull();
        assertThat(s.failures()).isZero();
        assertThat(Duration.between(s.dueAt(), s.expiresAt())).isEqualTo(Duration.ofMinutes(10));
        // LWA sent no refresh token: the old one is kept (re-encrypted)
        assertThat(cipher.decrypt(s.refreshEnc(), s.keyId(), "oauth_tokens:" + soon + ":refresh")).isEqualTo(Users.refreshToken(soon));
        assertThat(await(tokens.sourceFor(soon).accessToken(false))).isEqualTo("Atza|renewed-" + soon);
        assertThat(meters.counter("accounts.token.refresh", "trigger", "proactive", "outcome", "success").count())
                .isGreaterThan(before);

        await(job.runOnce());
        assertThat(refreshCalls(soon)).as("refreshed once per due time").isEqualTo(1);
    }

    @Test
    void concurrentRoundsAndRequestsRefreshAnExpiredTokenExactlyOnce() {
        UUID user = userWithToken(-5);
        lwaRefreshAnswers(user, 300, "Atza|fresh-" + user, "Atzr|rotated-" + user);
        List<Uni<String>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(tokens.sourceFor(user).accessToken(false));
        }
        Uni<List<String>> all = Uni.join().all(requests).andFailFast();
        var both = await(Uni.combine().all().unis(all, job.runOnce(), job.runOnce()).asTuple());
        assertThat(both.getItem1()).containsOnly("Atza|fresh-" + user);
        assertThat(refreshCalls(user)).isEqualTo(1);
        // a reply with a new refresh token replaces the old one
        wireMock.stubFor(post(LWA).withFormParam("refresh_token", equalTo("Atzr|rotated-" + user))
                .willReturn(okJson("{\"access_token\":\"Atza|third\",\"expires_in\":3600}")));
        assertThat(await(tokens.sourceFor(user).accessToken(true))).isEqualTo("Atza|third");
    }

    /** Asks for the user's access token as a request would: on a context of its own, with its own correlation id. */
    CompletableFuture<String> accessTokenWithCorrelationId(UUID user, String correlationId) {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        request.runOnContext(ignored -> {
            CorrelationId.bind(correlationId);
            tokens.sourceFor(user).accessToken(false).subscribe().with(
                    token -> seen.complete(token + " as " + CorrelationId.current().orElse("none")), seen::completeExceptionally);
        });
        return seen;
    }

    @Test
    void coalescedCallersEachKeepTheirOwnCorrelationId() {
        UUID user = userWithToken(-5);
        lwaRefreshAnswers(user, 500, "Atza|shared-" + user, null);
        CompletableFuture<String> first = accessTokenWithCorrelationId(user, "first-caller");
        CompletableFuture<String> second = accessTokenWithCorrelationId(user, "second-caller");
        assertThat(first).succeedsWithin(Duration.ofSeconds(30)).isEqualTo("Atza|shared-" + user + " as first-caller");
        assertThat(second).succeedsWithin(Duration.ofSeconds(30)).isEqualTo("Atza|shared-" + user + " as second-caller");
        assertThat(refreshCalls(user)).as("one refresh for both").isEqualTo(1);
    }

    @Test
    void invalidGrantMarksTheConnectionForReauthorisationAndStopsRetrying() throws Exception {
        UUID user = userWithToken(120);
        wireMock.stubFor(post(LWA).withFormParam("refresh_token", equalTo(Users.refreshToken(user)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter\"}")));
        List<TokenService.Outcome> outcomes = await(job.runOnce());
        assertThat(outcomes).contains(TokenService.Outcome.REAUTH_REQUIRED);
        assertThat(refreshCalls(user)).isEqualTo(1);
        State s = state(user);
        assertThat(s.needsReauth()).isTrue();
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.lastError()).isEqualTo("invalid_grant");
        assertThat(s.dueAt()).isNull();
        await(job.runOnce());
        assertThat(refreshCalls(user)).isEqualTo(1);
        assertThatThrownBy(() -> await(tokens.sourceFor(user).accessToken(true))).isInstanceOf(ReauthorizationRequiredException.class);
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts/sync-health").then().statusCode(200)
                .body("needs_reauthorization", org.hamcrest.Matchers.equalTo(true))
                .body("overall", org.hamcrest.Matchers.equalTo("red"))
                .body("last_refresh_error", org.hamcrest.Matchers.equalTo("invalid_grant"));
    }

    @Test
    void aRefusedClientIdIsAConfigurationErrorSaidByHealthAMetricAndTheSync() throws Exception {
        UUID user = userWithToken(120);
        String unauthorized = "{\"code\":\"UNAUTHORIZED\",\"details\":\"Not authorized\"}";
        var auth = com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post(LWA).withFormParam("refresh_token", equalTo(Users.refreshToken(user)))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error_description\":\"Client authentication failed\",\"error\":\"invalid_client\"}")));
        try {
            List<TokenService.Outcome> outcomes = await(job.runOnce());
            assertThat(outcomes).contains(TokenService.Outcome.CLIENT_REJECTED);
            assertThat(refreshCalls(user)).as("not retried").isEqualTo(1);
            State s = state(user);
            assertThat(s.lastError()).isEqualTo("invalid_client: Client authentication failed");
            assertThat(s.needsReauth()).as("the user can do nothing about it").isFalse();
            assertThat(s.dueAt()).as("looked at again after the retry cap, not on a growing backoff")
                    .isAfter(Instant.now().plus(Duration.ofMinutes(4)));
            given().get("http://localhost:" + managementPort + "/q/health/group/upstreams").then().statusCode(503)
                    .body("checks.find { it.name == 'lwa-client-credentials' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                    .body("checks.find { it.name == 'lwa-client-credentials' }.data.reason",
                            org.hamcrest.Matchers.equalTo("invalid_client: Client authentication failed"));
            assertThat(meters.get("accounts.lwa.client.rejected").gauge().value()).isEqualTo(1.0);
            assertThat(meters.get("accounts.token.refresh").tags("trigger", "proactive", "outcome", "client_rejected").counter().count())
                    .isPositive();

            // the user's sync: Ads refuses the old token, and the run says why no new one came, not "ads answered 401"
            wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth)
                    .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(unauthorized)));
            for (String region : List.of("na", "eu", "fe")) {
                wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/ads/" + region + "/v2/profiles")
                        .withHeader("Authorization", auth)
                        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(unauthorized)));
            }
            String run = given().header("Authorization", Users.bearer(user)).contentType("application/json").body("{}")
                    .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(given()
                    .header("Authorization", Users.bearer(user)).get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
            String error = given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts/sync/" + run).then().extract()
                    .path("error_details.run");
            assertThat(error).contains("refused this service's client id or secret (invalid_client").doesNotContain("ads answered");
        } finally {
            // the operator corrects the configuration: the next grant clears it
            lwaRefreshAnswers(user, 0, "Atza|fixed-" + user, null);
            assertThat(await(tokens.forceRefresh(state(user).tokenId()))).isEqualTo(TokenService.Outcome.SUCCESS);
        }
        given().get("http://localhost:" + managementPort + "/q/health/group/upstreams").then()
                .body("checks.find { it.name == 'lwa-client-credentials' }.status", org.hamcrest.Matchers.equalTo("UP"));
        assertThat(meters.get("accounts.lwa.client.rejected").gauge().value()).isZero();
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndRecorded() throws Exception {
        UUID user = userWithToken(200);
        wireMock.stubFor(post(LWA).withFormParam("refresh_token", equalTo(Users.refreshToken(user)))
                .willReturn(aResponse().withStatus(503)));
        Instant started = Instant.now();
        await(job.runOnce());
        assertThat(refreshCalls(user)).as("the guard's 5 attempts").isEqualTo(5);
        State s = state(user);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.lastError()).contains("503");
        assertThat(s.needsReauth()).isFalse();
        assertThat(s.dueAt()).as("tried again after the refresh backoff").isAfter(started.plusSeconds(25));
        assertThat(s.dueAt()).isBefore(s.expiresAt());
        await(job.runOnce());
        assertThat(refreshCalls(user)).as("not due again yet").isEqualTo(5);
    }

    @Test
    void adminCanForceARefreshAndTheReplyHoldsNoToken() throws Exception {
        UUID user = userWithToken(3600);
        lwaRefreshAnswers(user, 0, "Atza|forced-" + user, null);
        UUID tokenId = state(user).tokenId();
        given().header("Authorization", "Bearer " + JwtKeys.token(UUID.randomUUID(), "admin"))
                .post("/api/v1/tokens/" + tokenId + "/refresh").then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("success"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Atz")));
        assertThat(refreshCalls(user)).isEqualTo(1);
        given().header("Authorization", Users.bearer(user)).post("/api/v1/tokens/" + tokenId + "/refresh").then().statusCode(403);
    }
}
