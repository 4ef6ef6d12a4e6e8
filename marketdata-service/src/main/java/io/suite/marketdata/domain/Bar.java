package io.suite.marketdata.domain;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One OHLCV aggregate bar starting at {@code start}. vwap and the trade count are absent on some bars. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Bar(Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume,
        BigDecimal vwap, Long transactions) {

    public Bar {
        if (start == null) {
            throw new IllegalArgumentException("bar start is required");
        }
        Checks.nonNegative("open", open, true);
        Checks.nonNegative("high", high, true);
        Checks.nonNegative("low", low, true);
        Checks.nonNegative("close", close, true);
        Checks.nonNegative("volume", volume, true);
        Checks.nonNegative("vwap", vwap, false);
        Checks.nonNegative("transactions", transactions);
        if (high.compareTo(low) < 0) {
            throw new IllegalArgumentException("bar at " + start + " has high " + high + " below low " + low);
        }
    }
}
