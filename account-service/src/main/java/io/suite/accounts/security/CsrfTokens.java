package io.suite.accounts.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Synchronizer tokens for the dashboard's state-changing requests. The session cookie is already SameSite=Strict; the
 * token is the second lock (older browsers, or a same-site page that is not ours): an HMAC of the user and the session's
 * issue time, so it needs no server state and changes with every sign-in. Forms carry it as {@code _csrf}, htmx sends it
 * as the {@code X-CSRF-Token} header.
 */
@ApplicationScoped
public class CsrfTokens {

    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "_csrf";

    private final BrowserSigner signer;

    public CsrfTokens(BrowserSigner signer) {
        this.signer = signer;
    }

    public String tokenFor(UUID user, long sessionIssuedAt) {
        byte[] mac = signer.sign(("csrf." + user + "." + sessionIssuedAt).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    public boolean valid(UUID user, long sessionIssuedAt, String given) {
        if (given == null || given.isBlank() || given.length() > 100) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(user, sessionIssuedAt).getBytes(StandardCharsets.US_ASCII),
                given.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
