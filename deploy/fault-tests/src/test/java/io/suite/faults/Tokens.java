package io.suite.faults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Bearer tokens for the fleet: an RSA key pair made for this run only (the public half written to the run dir for the
 * services, the private half never leaves memory).
 */
final class Tokens {

    static final String ISSUER = "https://suite.local/faults";
    static final String AUDIENCE = "suite-faults";
    /** Lifetime and the services' age cap (Fleet): the admin token is minted once per fleet and used throughout. */
    static final long LIFETIME_SECONDS = 7200;
    private final KeyPair keys;

    Tokens(Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    String user(UUID user) {
        return sign(user, "[\"user\"]");
    }

    String admin(UUID user) {
        return sign(user, "[\"user\",\"admin\"]");
    }

    private String sign(UUID user, String groups) {
        try {
            long now = Instant.now().getEpochSecond();
            String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"upn\":\"" + user + "\",\"groups\":" + groups
                    + ",\"iat\":" + now + ",\"exp\":" + (now + LIFETIME_SECONDS) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
            String unsigned = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(unsigned.getBytes(StandardCharsets.US_ASCII));
            return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

}
