package io.suite.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;

import io.suite.testing.FleetTokens;

/**
 * Bearer tokens for the fleet: an RSA key pair made for this run only (the public half written to the run dir for the
 * services, the private half never leaves memory).
 */
final class Tokens {

    static final String ISSUER = "https://suite.local/faults";
    static final String AUDIENCE = "suite-faults";
    /** Lifetime and the services' age cap (Fleet): the admin token is minted once per fleet and used throughout. */
    static final long LIFETIME_SECONDS = 7200;
    private final FleetTokens tokens;

    Tokens(Path dir) throws Exception {
        KeyPair keys = FleetTokens.newKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("public.pem"), FleetTokens.publicKeyPem(keys.getPublic()));
        tokens = new FleetTokens(keys.getPrivate(), ISSUER, AUDIENCE);
    }

    String user(UUID user) {
        return sign(user, "user");
    }

    String admin(UUID user) {
        return sign(user, "user", "admin");
    }

    private String sign(UUID user, String... roles) {
        long now = Instant.now().getEpochSecond();
        return tokens.sign(user, now, now + LIFETIME_SECONDS, roles);
    }
}
