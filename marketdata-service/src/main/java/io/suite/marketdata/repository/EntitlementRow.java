package io.suite.marketdata.repository;

import java.time.Instant;

/** One row of {@code marketdata.entitlement}: what one key may read of one family, and since when we know. */
public record EntitlementRow(String family, String state, String reason, Integer refusedDays, Integer allowedDays,
        Instant learnedAt, Instant recheckAt) {

    public static final String ENTITLED = "entitled";
    public static final String FORBIDDEN = "forbidden";
    public static final String PROBING = "probing";
}
