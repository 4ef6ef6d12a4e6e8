package io.suite.resilience.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.resilience.problem.ProblemException;

/**
 * Opaque pagination cursors ({@code next_token}): a record of the last row's sort keys, as base64url JSON.
 * Clients must not build them; a cursor that does not decode is a 400 naming the parameter, never a 500.
 */
public final class CursorCodec {

    public static final String PARAMETER = "next_token";
    private static final int MAX_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

    private CursorCodec() {
    }

    public static String encode(Object position) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(position));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cursor position is not serialisable: " + position.getClass(), e);
        }
    }

    /** Decodes a cursor sent as {@code parameter}; null or blank means "first page" and yields null. */
    public static <T> T decode(String cursor, Class<T> type, String parameter) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        if (cursor.length() > MAX_LENGTH) {
            throw ProblemException.invalidField(parameter, "is not a cursor this service issued");
        }
        try {
            T value = JSON.readValue(Base64.getUrlDecoder().decode(cursor.getBytes(StandardCharsets.US_ASCII)), type);
            if (value == null) {
                throw ProblemException.invalidField(parameter, "is not a cursor this service issued");
            }
            return value;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ProblemException.invalidField(parameter, "is not a cursor this service issued");
        }
    }

    public static <T> T decode(String cursor, Class<T> type) {
        return decode(cursor, type, PARAMETER);
    }
}
