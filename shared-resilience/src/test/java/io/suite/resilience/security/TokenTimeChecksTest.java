package io.suite.resilience.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.JwtKeys;

/**
 * Audience, age cap and future iat (issue 15 item 9), as the services configure them: aud must name this suite, a token
 * older than {@code mp.jwt.verify.token.age} (3600 s here) or issued more than the skew (60 s) ahead is a 401.
 */
@QuarkusTest
@QuarkusTestResource(JwtKeys.class)
class TokenTimeChecksTest {

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aTokenWithTheAudienceIssuedJustNowIsAccepted() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(JwtKeys.token(user, "user")).when().get("/test/whoami")
                .then().statusCode(200).body(equalTo(user.toString()));
        // a clock a little behind the issuer's: within the skew
        given().auth().oauth2(JwtKeys.sign(JwtKeys.claims(user, "user").issuedAt(now() + 20))).when().get("/test/whoami")
                .then().statusCode(200);
    }

    @Test
    void aTokenWithoutOrWithAnotherAudienceIsRefused() {
        UUID user = UUID.randomUUID();
        String noAudience = JwtKeys.sign(JwtKeys.claims(user, "user").remove("aud"));
        String otherAudience = JwtKeys.sign(JwtKeys.claims(user, "user").audience("another-service"));
        for (String token : new String[] { noAudience, otherAudience }) {
            given().auth().oauth2(token).when().get("/test/whoami")
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void aTokenOlderThanTheCapIsRefusedEvenBeforeItsExp() {
        long now = now();
        String old = JwtKeys.sign(JwtKeys.claims(UUID.randomUUID(), "user").issuedAt(now - 3700).expiresAt(now + 600));
        given().auth().oauth2(old).when().get("/test/whoami").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheSkewIsRefused() {
        long now = now();
        String future = JwtKeys.sign(JwtKeys.claims(UUID.randomUUID(), "user").issuedAt(now + 600).expiresAt(now + 1200));
        given().auth().oauth2(future).when().get("/test/whoami")
                .then().statusCode(401).contentType("application/problem+json");
        // a far-future iat would otherwise make a token that never ages
        String farFuture = JwtKeys.sign(JwtKeys.claims(UUID.randomUUID(), "user").issuedAt(now + 315_360_000L)
                .expiresAt(now + 315_360_000L + 3600));
        given().auth().oauth2(farFuture).when().get("/test/whoami").then().statusCode(401);
    }

    /** The cache remembers a token until exp, so the age is checked on every request: the boundaries, without a clock. */
    @Test
    void refusalBoundaries() {
        TokenTimeChecks checks = new TokenTimeChecks(Optional.of(3600L), 60, null);
        long now = 1_000_000;
        assertThat(checks.refusal(now, now)).isNull();
        assertThat(checks.refusal(now + 60, now)).isNull();
        assertThat(checks.refusal(now + 61, now)).contains("future");
        assertThat(checks.refusal(now - 3600, now)).isNull();
        assertThat(checks.refusal(now - 3601, now)).contains("older than 3600");
        assertThat(checks.refusal(0, now)).as("no iat with an age cap").contains("older");
        assertThat(new TokenTimeChecks(Optional.empty(), 60, null).refusal(now - 86_400, now)).isNull();
    }
}
