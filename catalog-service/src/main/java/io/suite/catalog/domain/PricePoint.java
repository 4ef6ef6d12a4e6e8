package io.suite.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A price change: the old price (null for the first one), the new one, its currency and when. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PricePoint(long id, BigDecimal oldPrice, BigDecimal newPrice, String currency, Instant changedAt) {
}
