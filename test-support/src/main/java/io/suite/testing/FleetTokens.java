package io.suite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;

/**
 * Bearer tokens for a running fleet (deploy/suite-tests, deploy/fault-tests), signed RS256 by smallrye-jwt-build with
 * the key the fleet trusts: claims iss, aud, sub and upn (the user), groups (the roles), iat, exp, and a jti.
 */
public final class FleetTokens {

    private final PrivateKey key;
    private final String issuer;
    private final String audience;

    public FleetTokens(PrivateKey key, String issuer, String audience) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** A token for {@code user} with {@code roles}, issued and expiring at the given epoch seconds. */
    public String sign(UUID user, long issuedAt, long expiresAt, String... roles) {
        return Jwt.issuer(issuer).audience(audience).subject(user.toString()).upn(user.toString()).groups(Set.of(roles))
                .issuedAt(issuedAt).expiresAt(expiresAt).sign(key);
    }

    /** The same claims as {@code token} under {@code alg=none} and without a signature: a token anyone could write. */
    public static String unsigned(String token) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as the PEM file the services read ({@code mp.jwt.verify.publickey.location}). */
    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A PKCS#8 RSA private key from a PEM file. */
    public static PrivateKey readPrivateKeyPem(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
