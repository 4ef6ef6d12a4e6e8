package io.suite.marketdata.rest;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.marketdata.domain.OptionContract;

/** One page of a filtered option chain. An empty page is an answer, with a note saying why, not an error. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "OptionChain")
public record OptionChainResponse(
        @Schema(example = "SPY") String underlying,
        @Schema(example = "2024-01-19") LocalDate expirationFrom,
        @Schema(example = "2024-01-19") LocalDate expirationTo,
        @Schema(description = "true when expiration=0dte (today in America/New_York)") boolean zeroDte,
        @Schema(description = "snapshot (prices, greeks, volume, open interest) or reference (the contracts' terms only, price "
                + "fields null: the plan does not include the options snapshot)", example = "snapshot") String source,
        @Schema(description = "true when the snapshot is 15 minutes behind (Starter plans)", example = "false") boolean delayed,
        @Schema(description = "contracts on this page", example = "1") int count,
        @Schema(description = "contracts matching the filters, all pages", example = "1") int matching,
        List<OptionContract> contracts,
        @Schema(description = "pass as next_token for the next page; absent on the last page") @JsonInclude(JsonInclude.Include.NON_NULL) String nextToken,
        @Schema(example = "no SPY contracts expire on 2024-01-20 (America/New_York)") @JsonInclude(JsonInclude.Include.NON_NULL) String note,
        CacheInfo cache) {
}
