package io.suite.marketdata.domain;

import java.util.Locale;

/** The kinds of data we cache; each has its own TTL rules and statistics. */
public enum DataType {
    QUOTE,
    OPTIONS,
    BARS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DataType fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
