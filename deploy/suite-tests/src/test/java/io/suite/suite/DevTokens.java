package io.suite.suite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

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
        return sign(localKey(), user, "[\"user\"]", 3600);
    }

    static String admin(UUID user) {
        return sign(localKey(), user, "[\"user\",\"admin\"]", 3600);
    }

    static String expired(UUID user) {
        return sign(localKey(), user, "[\"user\",\"admin\"]", -600);
    }

    static String foreignKey(UUID user) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return sign(g.generateKeyPair().getPrivate(), user, "[\"user\",\"admin\"]", 3600);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** alg=none: a token anyone could write. */
    static String unsigned(UUID user) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims(user, "[\"user\",\"admin\"]", 3600)) + ".";
    }

    private static String sign(PrivateKey key, UUID user, String groups, long ttlSeconds) {
        try {
            String unsigned = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims(user, groups, ttlSeconds));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String claims(UUID user, String groups, long ttlSeconds) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"upn\":\"" + user + "\",\"groups\":" + groups
                + ",\"iat\":" + (now - Math.max(0, -ttlSeconds) - 60) + ",\"exp\":" + (now + ttlSeconds) + "}";
    }

    private static PrivateKey localKey() {
        try {
            String pem = Files.readString(RunningSuite.ROOT.resolve("deploy/local/run/jwt/private.pem"));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("the local JWT key is made by deploy/local/up", e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
