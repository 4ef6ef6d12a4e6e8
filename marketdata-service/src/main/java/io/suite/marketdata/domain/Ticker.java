package io.suite.marketdata.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** A stock ticker as Polygon spells it: 1–10 of A–Z, '.', '-'. Accepted in any case ({@code spy} is SPY). */
public record Ticker(String symbol) {

    private static final Pattern VALID = Pattern.compile("[A-Z.\\-]{1,10}");

    public Ticker {
        if (symbol == null || !VALID.matcher(symbol).matches()) {
            throw new IllegalArgumentException("must be 1 to 10 of A-Z, '.' or '-'");
        }
    }

    /** Normalises case first, so user input like {@code brk.b} works; anything else invalid is rejected. */
    public static Ticker of(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("is required");
        }
        return new Ticker(raw.strip().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return symbol;
    }
}
