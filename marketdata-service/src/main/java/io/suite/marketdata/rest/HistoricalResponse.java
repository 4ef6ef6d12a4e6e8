package io.suite.marketdata.rest;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.marketdata.domain.Bar;

/** OHLCV bars, oldest first, every upstream page stitched. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Historical")
public record HistoricalResponse(
        @Schema(example = "SPY") String ticker,
        @Schema(example = "1") int multiplier,
        @Schema(example = "day") String timespan,
        @Schema(example = "2005-04-01") LocalDate from,
        @Schema(example = "2005-04-04") LocalDate to,
        @Schema(example = "true") boolean adjusted,
        @Schema(example = "2") int count,
        List<Bar> bars,
        @Schema(description = "present when the range was changed: an end-of-day plan's bars end with the latest complete session") @JsonInclude(JsonInclude.Include.NON_NULL) String note,
        CacheInfo cache) {
}
