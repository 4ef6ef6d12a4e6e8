package io.suite.resilience.paging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.resilience.json.SuiteJson;
import io.suite.resilience.problem.ProblemException;

/**
 * Opaque pagination cursors ({@code next_token}): a record of the last row's sort keys, as base64url JSON followed by
 * {@code .} and a truncated HMAC-SHA256 over the position's type and that JSON. Clients cannot build or alter them: a
 * cursor whose signature does not match is a 400 naming the parameter before its content is parsed, never a 500.
 * The key comes from {@code resilience.cursors.key} ({@link CursorKey} installs it at startup).
 */
public final class CursorCodec {

    public static final String PARAMETER = "next_token";
    private static final int MAX_LENGTH = 2048;
    /** Strict, unlike the shared mapper: a payload that is not exactly our position record is not a cursor we issued. */
    private static final ObjectMapper JSON = SuiteJson.newMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    private static final int MAC_BYTES = 16;
    private static final String NOT_OURS = "is not a cursor this service issued";
    /** Random until {@link #useKey} is called: fine for one process (tests), useless across replicas. */
    private static volatile SecretKeySpec key = new SecretKeySpec(randomKey(), "HmacSHA256");

    private CursorCodec() {
    }

    /** Installs the signing key; cursors signed with an earlier key no longer decode. */
    public static void useKey(byte[] secret) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("a cursor key needs at least 32 bytes");
        }
        key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    static byte[] randomKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    public static String encode(Object position) {
        try {
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(position));
            return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(position.getClass(), payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cursor position is not serialisable: " + position.getClass(), e);
        }
    }

    /** Decodes a cursor sent as {@code parameter}; null or blank means "first page" and yields null. */
    public static <T> T decode(String cursor, Class<T> type, String parameter) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        int dot = cursor.indexOf('.');
        if (cursor.length() > MAX_LENGTH || dot < 0) {
            throw ProblemException.invalidField(parameter, NOT_OURS);
        }
        String payload = cursor.substring(0, dot);
        try {
            byte[] sent = Base64.getUrlDecoder().decode(cursor.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(sent, mac(type, payload))) {
                throw ProblemException.invalidField(parameter, NOT_OURS);
            }
            T value = JSON.readValue(Base64.getUrlDecoder().decode(payload.getBytes(StandardCharsets.US_ASCII)), type);
            if (value == null) {
                throw ProblemException.invalidField(parameter, NOT_OURS);
            }
            return value;
        } catch (IllegalArgumentException | IOException e) {
            throw ProblemException.invalidField(parameter, NOT_OURS);
        }
    }

    /** Binds the signature to the position type too, so one endpoint's cursor is not accepted by another. */
    private static byte[] mac(Class<?> type, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(type.getName().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static <T> T decode(String cursor, Class<T> type) {
        return decode(cursor, type, PARAMETER);
    }
}
