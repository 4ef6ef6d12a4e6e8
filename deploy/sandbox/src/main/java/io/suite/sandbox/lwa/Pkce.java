package io.suite.sandbox.lwa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange as Login with Amazon takes it (its authorization-code-grant page: {@code code_challenge}
 * recommended, {@code code_challenge_method} S256 recommended, plain accepted, plain when absent; {@code code_verifier}
 * at the token endpoint), with RFC 7636's rules for the values.
 */
public final class Pkce {

    static final String S256 = "S256";
    static final String PLAIN = "plain";
    /** RFC 7636 §4.1/§4.2: 43..128 unreserved characters, for the verifier and (so for S256 always 43) the challenge. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {
    }

    /** Why an authorization request's PKCE parameters are unacceptable, or null when they are fine (or absent). */
    public static String invalidRequest(String challenge, String method) {
        if (isBlank(challenge)) {
            return isBlank(method) ? null : "code_challenge_method was given without a code_challenge";
        }
        if (!isBlank(method) && !S256.equals(method) && !PLAIN.equals(method)) {
            return "code_challenge_method must be S256 or plain";
        }
        if (!VALUE.matcher(challenge).matches()) {
            return "code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~]";
        }
        return null;
    }

    public static String method(String given) {
        return isBlank(given) ? PLAIN : given;
    }

    /** Whether the verifier sent to the token endpoint proves the challenge the code was issued for. */
    static boolean verifies(String verifier, String challenge, String method) {
        if (isBlank(verifier) || !VALUE.matcher(verifier).matches()) {
            return false;
        }
        String derived = S256.equals(method) ? s256(verifier) : verifier;
        return MessageDigest.isEqual(derived.getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
