package io.suite.marketdata.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.Ticker;
import io.suite.resilience.params.BoundedNumbers;
import io.suite.resilience.problem.ProblemException;

/**
 * Parses query and path parameters into domain values; anything invalid is a 400 naming the parameter. Numbers go
 * through the suite's bounded parser, so {@code strike_min=1e30000000} is refused by its text, not expanded.
 */
final class RequestParams {

    private RequestParams() {
    }

    static Ticker ticker(String raw) {
        try {
            return Ticker.of(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("ticker", e.getMessage());
        }
    }

    static LocalDate date(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be a date YYYY-MM-DD");
        }
    }

    static LocalDate requiredDate(String field, String raw) {
        LocalDate d = date(field, raw);
        if (d == null) {
            throw ProblemException.invalidField(field, "is required (YYYY-MM-DD)");
        }
        return d;
    }

    /** Strikes above this are not listed anywhere; the bound keeps the text short before it becomes a number. */
    static final BigDecimal MAX_STRIKE = new BigDecimal("1000000");

    static BigDecimal positiveDecimal(String field, String raw) {
        return BoundedNumbers.positiveDecimal(field, raw, MAX_STRIKE);
    }

    static Long nonNegativeLong(String field, String raw) {
        return BoundedNumbers.nonNegativeLong(field, raw);
    }

    static int intInRange(String field, String raw, int defaultValue, int min, int max) {
        return BoundedNumbers.intInRange(field, raw, defaultValue, min, max);
    }

    static ContractType contractType(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "call" -> ContractType.CALL;
            case "put" -> ContractType.PUT;
            default -> throw ProblemException.invalidField("type", "must be call or put");
        };
    }

    static boolean bool(String field, String raw, boolean defaultValue) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidField(field, "must be true or false");
        };
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
