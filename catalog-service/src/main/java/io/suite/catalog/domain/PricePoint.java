package io.suite.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** A price change: the old price (null for the first one), the new one, its currency and when. */
public record PricePoint(long id, BigDecimal oldPrice, BigDecimal newPrice, String currency, Instant changedAt) {
}
