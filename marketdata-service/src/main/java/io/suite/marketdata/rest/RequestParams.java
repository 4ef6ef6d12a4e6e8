package io.suite.marketdata.rest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.resilience.problem.ProblemException;

/**
 * Turns query and path parameters that Bean Validation has already checked (numbers through the suite's bounded
 * converters, shapes by {@code @Pattern}) into domain values; what an annotation cannot say (a ticker's rules, a real
 * calendar date, an expiration range) is a 400 naming the parameter here.
 */
final class RequestParams {

    /** A date's shape; {@link #date} checks that it is a real day. */
    static final String DATE = "\\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\\s*";
    static final String DATE_FORMAT = "must be a date YYYY-MM-DD";
    static final String DATE_REQUIRED = "is required (YYYY-MM-DD)";
    static final String CONTRACT_TYPES = "(?i)\\s*(call|put)?\\s*";
    static final String TIMESPANS = "(?i)\\s*(second|minute|hour|day|week|month|quarter|year)?\\s*";
    static final String BOOLEAN = "(?i)\\s*(true|false)?\\s*";
    /** Strikes above this are not listed anywhere. */
    static final String MAX_STRIKE = "1000000";

    private RequestParams() {
    }

    static Ticker ticker(String raw) {
        try {
            return Ticker.of(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("ticker", e.getMessage());
        }
    }

    /** A date of the {@link #DATE} shape that must also exist (2024-02-30 does not); null when absent. */
    static LocalDate date(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, DATE_FORMAT);
        }
    }

    /** A {@link #CONTRACT_TYPES} value; null when absent. */
    static ContractType contractType(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.strip().equalsIgnoreCase("put") ? ContractType.PUT : ContractType.CALL;
    }

    /** A {@link #TIMESPANS} value; day when absent. */
    static Timespan timespan(String raw) {
        return raw == null || raw.isBlank() ? Timespan.DAY : Timespan.fromLabel(raw.strip());
    }

    /** A {@link #BOOLEAN} value; {@code defaultValue} when absent. */
    static boolean bool(String raw, boolean defaultValue) {
        return raw == null || raw.isBlank() ? defaultValue : Boolean.parseBoolean(raw.strip());
    }

    /** {@code 0dte}, a date, or {@code from..to}; null when absent. */
    record Expiration(LocalDate from, LocalDate to, boolean zeroDte) {
    }

    static Expiration expiration(String raw, LocalDate today) {
        if (raw == null || raw.isBlank()) {
            return new Expiration(null, null, false);
        }
        String s = raw.strip();
        if (s.equalsIgnoreCase("0dte")) {
            return new Expiration(today, today, true);
        }
        int dots = s.indexOf("..");
        if (dots < 0) {
            LocalDate d = date("expiration", s);
            return new Expiration(d, d, false);
        }
        String fromPart = s.substring(0, dots);
        String toPart = s.substring(dots + 2);
        LocalDate from;
        LocalDate to;
        try {
            from = fromPart.isBlank() ? null : LocalDate.parse(fromPart.strip());
            to = toPart.isBlank() ? null : LocalDate.parse(toPart.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("expiration", "must be 0dte, a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD");
        }
        if (from == null && to == null) {
            throw ProblemException.invalidField("expiration", "a range needs at least one end");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalidField("expiration", "range start must not be after its end");
        }
        return new Expiration(from, to, false);
    }
}
