package io.suite.suite;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.UUID;

import io.suite.testing.FleetTokens;

/**
 * Tokens for the running suite: signed with the local development key (deploy/local/run/jwt, made by up), or
 * deliberately wrong (expired, foreign key, unsigned) for the abuse tests.
 */
final class DevTokens {

    static final String ISSUER = System.getenv().getOrDefault("SUITE_JWT_ISSUER", "https://suite.local");
    static final String AUDIENCE = System.getenv().getOrDefault("SUITE_JWT_AUDIENCE", "suite");

    private DevTokens() {
    }

    static String user(UUID user) {
        return sign(localKey(), user, 3600, "user");
    }

    static String admin(UUID user) {
        return sign(localKey(), user, 3600, "user", "admin");
    }

    static String expired(UUID user) {
        return sign(localKey(), user, -600, "user", "admin");
    }

    static String foreignKey(UUID user) {
        return sign(FleetTokens.newKeyPair().getPrivate(), user, 3600, "user", "admin");
    }

    /** alg=none: a token anyone could write. */
    static String unsigned(UUID user) {
        return FleetTokens.unsigned(sign(FleetTokens.newKeyPair().getPrivate(), user, 3600, "user", "admin"));
    }

    /** Issued a minute ago (longer for an expired token, so iat stays before exp), expiring after {@code ttlSeconds}. */
    private static String sign(PrivateKey key, UUID user, long ttlSeconds, String... roles) {
        long now = Instant.now().getEpochSecond();
        return new FleetTokens(key, ISSUER, AUDIENCE).sign(user, now - Math.max(0, -ttlSeconds) - 60, now + ttlSeconds, roles);
    }

    private static PrivateKey localKey() {
        try {
            return FleetTokens.readPrivateKeyPem(RunningSuite.ROOT.resolve("deploy/local/run/jwt/private.pem"));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the local JWT key is made by deploy/local/up", e);
        }
    }
}
