package io.suite.accounts.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.suite.accounts.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * HMAC-SHA256 signatures of what the service hands to a browser and takes back unchanged: the OAuth {@code state} and
 * the dashboard's CSRF tokens. The key is derived from the token key ({@code accounts.tokens.key}) under its own label, so
 * it can never decrypt anything; the label is the one states and CSRF tokens were always signed with, so those already
 * issued stay valid.
 */
@ApplicationScoped
public class BrowserSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "oauth-state-signing".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;

    @Inject
    public BrowserSigner(AccountsConfig config) {
        this(config.tokens().key());
    }

    /** {@code tokenKeyBase64}: the token key as configured (validated by {@code TokenCipher}). */
    public BrowserSigner(String tokenKeyBase64) {
        byte[] tokenKey = Base64.getDecoder().decode(tokenKeyBase64.strip());
        key = new SecretKeySpec(hmac(new SecretKeySpec(tokenKey, ALGORITHM), LABEL), ALGORITHM);
    }

    public byte[] sign(byte[] payload) {
        return hmac(key, payload);
    }

    /** In constant time, so a forger learns nothing from how long a refusal takes. */
    public boolean verify(byte[] payload, byte[] signature) {
        return MessageDigest.isEqual(sign(payload), signature);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
