package io.suite.resilience.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.JwtKeys;
import jakarta.inject.Inject;

/** A good token is verified once and then served from memory; bad tokens are never remembered and always refused. */
@QuarkusTest
@QuarkusTestResource(JwtKeys.class)
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @Test
    void aGoodTokenIsVerifiedOnceThenRemembered() {
        UUID user = UUID.randomUUID();
        String token = JwtKeys.token(user, "user");
        long before = cache.size();

        given().auth().oauth2(token).when().get("/test/whoami").then().statusCode(200).body(equalTo(user.toString()));
        assertThat(cache.size()).isEqualTo(before + 1);
        given().auth().oauth2(token).when().get("/test/whoami").then().statusCode(200).body(equalTo(user.toString()));
        assertThat(cache.size()).as("the same token is not stored twice").isEqualTo(before + 1);
    }

    @Test
    void forgedExpiredAndTamperedTokensAreRefusedAndNeverRemembered() {
        UUID user = UUID.randomUUID();
        String good = JwtKeys.token(user, "user");
        given().auth().oauth2(good).when().get("/test/whoami").then().statusCode(200);
        long before = cache.size();

        // one signature character well inside the signature: the last character of base64url carries padding bits, so
        // changing it (as this test once did) sometimes left the signature's bytes as they were (a flaky 200)
        int at = good.length() - 10;
        String tampered = good.substring(0, at) + (good.charAt(at) == 'A' ? 'B' : 'A') + good.substring(at + 1);
        for (String bad : new String[] { JwtKeys.forgedToken(user, "user"), JwtKeys.expiredToken(user, "user"), tampered }) {
            given().auth().oauth2(bad).when().get("/test/whoami")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        assertThat(cache.size()).isEqualTo(before);
    }

    @Test
    void rolesStillApply() {
        given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user")).when().get("/test/secret")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
