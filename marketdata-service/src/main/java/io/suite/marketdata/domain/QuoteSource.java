package io.suite.marketdata.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a quote's figures come from, freshest first: what the client sees as {@code source}. */
public enum QuoteSource {
    /** last trade and national best bid and offer (or the pair's last quote) */
    NBBO,
    /** last trade alone: bid and ask are null */
    TRADE,
    /** the ticker snapshot (15 minutes delayed on Starter plans) */
    SNAPSHOT,
    /** the latest minute aggregate of today */
    AGGREGATE,
    /** the previous session's daily bar */
    PREVIOUS_CLOSE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static QuoteSource fromLabel(String label) {
        return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
    }
}
