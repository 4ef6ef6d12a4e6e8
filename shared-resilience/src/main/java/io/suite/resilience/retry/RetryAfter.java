package io.suite.resilience.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
 * Never throws: garbage and negative values are absent, past dates mean "now", huge values are capped.
 */
public final class RetryAfter {

    /** Anything longer than this is treated as the cap: an upstream asking for hours is answered by giving up. */
    public static final Duration DEFAULT_CAP = Duration.ofHours(1);

    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Clock clock) {
        return parse(value, clock, DEFAULT_CAP);
    }

    public static Optional<Duration> parse(String value, Clock clock, Duration cap) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > 64) {
            return Optional.empty();
        }
        if (isDigits(trimmed)) {
            return Optional.of(capped(deltaSeconds(trimmed), cap));
        }
        return httpDate(trimmed).map(at -> {
            Duration until = Duration.between(clock.instant(), at);
            return until.isNegative() ? Duration.ZERO : capped(until, cap);
        });
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static Duration deltaSeconds(String digits) {
        // More than 18 digits cannot be a long: it is certainly over any cap.
        return digits.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L) : Duration.ofSeconds(Long.parseLong(digits));
    }

    private static Duration capped(Duration d, Duration cap) {
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private static Optional<Instant> httpDate(String s) {
        for (DateTimeFormatter f : new DateTimeFormatter[] { DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME }) {
            try {
                return Optional.of(ZonedDateTime.parse(s, f).toInstant());
            } catch (DateTimeParseException | ArithmeticException e) {
                // try the next obsolete form RFC 9110 still asks recipients to accept
            }
        }
        return Optional.empty();
    }
}
