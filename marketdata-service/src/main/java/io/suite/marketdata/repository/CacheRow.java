package io.suite.marketdata.repository;

import java.time.Instant;

/** One row of {@code marketdata.cache_entry}; the payload is JSON text (numbers kept exact, never through a double). */
public record CacheRow(String key, String dataType, String ticker, String payload, Instant fetchedAt,
        Instant freshUntil, Instant keepUntil) {
}
