package io.suite.resilience.params;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import io.suite.resilience.problem.ProblemException;

/**
 * The one parser for numbers a client sends (query, path, form). The text is checked against a plain-decimal shape of
 * bounded length FIRST, so exponents ({@code 1e400000000}), {@code NaN}, {@code Infinity}, hex and digit floods are a
 * 400 naming the field before any {@link BigDecimal} is built: {@code new BigDecimal("1e30000000").toPlainString()}
 * allocates one character per unit of exponent, which a single request could use to exhaust the heap.
 */
public final class BoundedNumbers {

    /** Longest accepted text: 19 digits hold any long; 6 decimals are more than any price or strike needs. */
    public static final int MAX_LENGTH = 26;
    public static final int MAX_INTEGER_DIGITS = 18;
    public static final int MAX_SCALE = 6;

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern DECIMAL = Pattern.compile(
            "[+-]?(?:[0-9]{1," + MAX_INTEGER_DIGITS + "}(?:\\.[0-9]{0," + MAX_SCALE + "})?|\\.[0-9]{1," + MAX_SCALE + "})");

    private BoundedNumbers() {
    }

    /** A whole number within [min, max]; null or blank yields {@code defaultValue}. */
    public static Long longInRange(String field, String raw, Long defaultValue, long min, long max) {
        String s = trimmed(raw);
        if (s == null) {
            return defaultValue;
        }
        if (s.length() > MAX_LENGTH || !WHOLE.matcher(s).matches()) {
            throw ProblemException.invalidField(field, "must be a whole number between " + min + " and " + max);
        }
        long v = parseLong(field, s, "must be a whole number between " + min + " and " + max);
        if (v < min || v > max) {
            throw ProblemException.invalidField(field, "must be between " + min + " and " + max);
        }
        return v;
    }

    /** A whole number within [min, max]; null or blank yields {@code defaultValue}. */
    public static int intInRange(String field, String raw, int defaultValue, int min, int max) {
        return longInRange(field, raw, (long) defaultValue, min, max).intValue();
    }

    /** A whole number ≥ 0 (up to {@code Long.MAX_VALUE}); null or blank yields null. */
    public static Long nonNegativeLong(String field, String raw) {
        String s = trimmed(raw);
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_LENGTH || !WHOLE.matcher(s).matches()) {
            throw ProblemException.invalidField(field, "must be a whole number");
        }
        long v = parseLong(field, s, "must be a whole number");
        if (v < 0 || s.startsWith("-")) {
            throw ProblemException.invalidField(field, "must not be negative");
        }
        return v;
    }

    /**
     * A plain decimal ({@code 412.5}, no exponent) of at most {@value #MAX_INTEGER_DIGITS} integer digits and
     * {@value #MAX_SCALE} decimals, within [min, max]; null or blank yields null.
     */
    public static BigDecimal decimalInRange(String field, String raw, BigDecimal min, BigDecimal max) {
        String s = trimmed(raw);
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_LENGTH || !DECIMAL.matcher(s).matches()) {
            throw ProblemException.invalidField(field, "must be a decimal number like 412.5 (at most "
                    + MAX_INTEGER_DIGITS + " digits before the point and " + MAX_SCALE + " after)");
        }
        BigDecimal v = new BigDecimal(s);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw ProblemException.invalidField(field, "must be between " + min.toPlainString() + " and "
                    + max.toPlainString());
        }
        return v;
    }

    /** A plain decimal greater than 0 and at most {@code max}; null or blank yields null. */
    public static BigDecimal positiveDecimal(String field, String raw, BigDecimal max) {
        String s = trimmed(raw);
        if (s == null) {
            return null;
        }
        BigDecimal v = decimalInRange(field, s, max.negate(), max);
        if (v.signum() <= 0) {
            throw ProblemException.invalidField(field, "must be greater than 0");
        }
        return v;
    }

    /** At most 19 digits by now, so this is cheap; only overflow beyond a long can still fail. */
    private static long parseLong(String field, String s, String message) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, message);
        }
    }

    private static String trimmed(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        // strip() is linear; the length bound is applied by every caller before parsing
        return raw.strip();
    }
}
