package io.suite.marketdata.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One contract of an option chain. Quote, trade, IV and greeks depend on the plan: absent upstream means null here,
 * never zero.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptionContract(String ticker, String underlying, ContractType contractType, String exerciseStyle,
        LocalDate expiration, BigDecimal strike, Integer sharesPerContract, BigDecimal bid, BigDecimal ask, BigDecimal mid,
        BigDecimal bidSize, BigDecimal askSize, BigDecimal last, Long volume, Long openInterest,
        BigDecimal impliedVolatility, Greeks greeks, BigDecimal breakEvenPrice, Instant updatedAt) {

    public OptionContract {
        if (ticker == null || ticker.isBlank()) {
            throw new IllegalArgumentException("option contract needs a ticker");
        }
        if (contractType == null) {
            throw new IllegalArgumentException("contract_type is required");
        }
        if (expiration == null) {
            throw new IllegalArgumentException("expiration is required");
        }
        if (strike == null || strike.signum() <= 0) {
            throw new IllegalArgumentException("strike must be positive: " + strike);
        }
        Checks.nonNegative("bid", bid, false);
        Checks.nonNegative("ask", ask, false);
        Checks.nonNegative("bid_size", bidSize, false);
        Checks.nonNegative("ask_size", askSize, false);
        Checks.nonNegative("last", last, false);
        Checks.nonNegative("volume", volume);
        Checks.nonNegative("open_interest", openInterest);
        Checks.nonNegative("implied_volatility", impliedVolatility, false);
        if (mid == null && bid != null && ask != null) {
            mid = bid.add(ask).divide(BigDecimal.valueOf(2), Math.max(bid.scale(), ask.scale()) + 1, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros();
            if (mid.scale() < 0) {
                mid = mid.setScale(0);
            }
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Greeks(BigDecimal delta, BigDecimal gamma, BigDecimal theta, BigDecimal vega) {
    }
}
