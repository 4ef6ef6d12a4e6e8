package io.suite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * A throwaway RSA key pair per test run: the service under test verifies tokens with the public key (a real one, as
 * smallrye-jwt requires), and tests sign tokens with the private key, which never leaves memory.
 * Use with {@code @QuarkusTestResource(JwtKeys.class)} and mint tokens with {@link #token}. Tokens carry the audience
 * the service is told to expect ({@link #AUDIENCE}) and an {@code iat} of now.
 */
public class JwtKeys implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://suite.local/test";
    public static final String AUDIENCE = "suite-test";

    private static volatile KeyPair keys;
    private Path publicKeyFile;

    @Override
    public Map<String, String> start() {
        keys = FleetTokens.newKeyPair();
        try {
            publicKeyFile = Files.createTempFile("suite-test-jwt", ".pem");
            Files.writeString(publicKeyFile, FleetTokens.publicKeyPem(keys.getPublic()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mp.jwt.verify.publickey.location", publicKeyFile.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER, "mp.jwt.verify.audiences", AUDIENCE);
    }

    @Override
    public void stop() {
        try {
            if (publicKeyFile != null) {
                Files.deleteIfExists(publicKeyFile);
            }
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }

    /** A bearer token for {@code user} with the given roles (e.g. {@code "user"}, {@code "admin"}). */
    public static String token(UUID user, String... roles) {
        return sign(claims(user, roles));
    }

    /**
     * The claims of {@link #token} (issuer, audience, subject, roles, iat now, exp in an hour), to change one before
     * {@link #sign}: e.g. {@code claims(user, "user").audience("other")} or {@code .issuedAt(..)}.
     */
    public static JwtClaimsBuilder claims(UUID user, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(user.toString()).upn(user.toString()).groups(Set.of(roles))
                .issuedAt(now).expiresAt(now + 3600);
    }

    /** Signs the claims with the trusted key. */
    public static String sign(JwtClaimsBuilder claims) {
        if (keys == null) {
            throw new IllegalStateException("JwtKeys has not started: annotate the test with @QuarkusTestResource(JwtKeys.class)");
        }
        return claims.sign(keys.getPrivate());
    }

    /** A correctly signed token whose subject is any text (e.g. a non-canonical user id such as {@code 1-1-1-1-1}). */
    public static String tokenWithSubject(String subject, String... roles) {
        if (keys == null) {
            throw new IllegalStateException("JwtKeys has not started: annotate the test with @QuarkusTestResource(JwtKeys.class)");
        }
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles))
                .issuedAt(System.currentTimeMillis() / 1000).expiresIn(3600).sign(keys.getPrivate());
    }

    /**
     * Tokens signed with the trusted key, unexpired, that the services must still refuse (issue 15 item 9), by what is
     * wrong: no audience, another audience, older than the 3600 s age cap, issued ten minutes in the future.
     */
    public static Map<String, String> refusedTokens(UUID user, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no aud", sign(claims(user, roles).remove("aud")));
        tokens.put("another aud", sign(claims(user, roles).audience("another-service")));
        tokens.put("older than the age cap", sign(claims(user, roles).issuedAt(now - 3700).expiresAt(now + 600)));
        tokens.put("iat in the future", sign(claims(user, roles).issuedAt(now + 600).expiresAt(now + 1200)));
        return tokens;
    }

    /** A token signed with the trusted key whose {@code exp} has passed (beyond the clock skew), young enough otherwise. */
    public static String expiredToken(UUID user, String... roles) {
        if (keys == null) {
            throw new IllegalStateException("JwtKeys has not started: annotate the test with @QuarkusTestResource(JwtKeys.class)");
        }
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(user.toString()).upn(user.toString()).groups(Set.of(roles))
                .issuedAt(now - 1800).expiresAt(now - 300).sign(keys.getPrivate());
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String forgedToken(UUID user, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(user.toString()).groups(Set.of(roles)).expiresIn(3600)
                .sign(FleetTokens.newKeyPair().getPrivate());
    }
}
