package io.suite.marketdata.domain;

import java.time.Duration;
import java.util.Locale;

/** Polygon aggregate timespans, with their approximate length (used to bound how many bars a request may span). */
public enum Timespan {
    SECOND(Duration.ofSeconds(1)),
    MINUTE(Duration.ofMinutes(1)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7)),
    MONTH(Duration.ofDays(30)),
    QUARTER(Duration.ofDays(91)),
    YEAR(Duration.ofDays(365));

    private final Duration approximateLength;

    Timespan(Duration approximateLength) {
        this.approximateLength = approximateLength;
    }

    public Duration approximateLength() {
        return approximateLength;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Null for an unknown label, so the caller can name the field in its 400. */
    public static Timespan fromLabel(String label) {
        for (Timespan t : values()) {
            if (t.label().equalsIgnoreCase(label)) {
                return t;
            }
        }
        return null;
    }
}
