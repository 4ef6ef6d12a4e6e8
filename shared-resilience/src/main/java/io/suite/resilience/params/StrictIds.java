package io.suite.resilience.params;

import java.util.UUID;
import java.util.regex.Pattern;

import io.quarkus.security.UnauthorizedException;
import io.suite.resilience.problem.ProblemException;

/**
 * Ids are canonical UUIDs only (8-4-4-4-12 hex digits, either case). {@link UUID#fromString} also takes
 * {@code 1-1-1-1-1} and pads it, so a different text names the same id and a made-up subject became a tenant.
 */
public final class StrictIds {

    private static final Pattern CANONICAL = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private StrictIds() {
    }

    public static boolean isCanonical(String raw) {
        return raw != null && raw.length() == 36 && CANONICAL.matcher(raw).matches();
    }

    /** A canonical UUID, or an {@link IllegalArgumentException} quoting the value (for parameter converters). */
    public static UUID parse(String raw) {
        if (!isCanonical(raw)) {
            throw new IllegalArgumentException("not a canonical UUID: " + raw);
        }
        return UUID.fromString(raw);
    }

    /** A canonical UUID sent as {@code field}; null or blank yields null, anything else is a 400 naming the field. */
    public static UUID uuid(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        if (!isCanonical(s)) {
            throw ProblemException.invalidField(field, "must be a UUID like 123e4567-e89b-12d3-a456-426614174000");
        }
        return UUID.fromString(s);
    }

    /** The user id in a token's subject; a subject that is not a canonical UUID is a 401. */
    public static UUID subject(String subject) {
        if (!isCanonical(subject)) {
            throw new UnauthorizedException("the token's subject is not a user id");
        }
        return UUID.fromString(subject);
    }
}
