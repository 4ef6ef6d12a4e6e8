package io.suite.marketdata.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Last trade plus the national best bid and offer of one ticker. Either half may be missing (a ticker without
 * trades today, or a plan without NBBO), never both. Prices and sizes are decimals (sizes can be fractional).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Quote(String ticker, Trade lastTrade, Nbbo nbbo) {

    public Quote {
        if (ticker == null || ticker.isBlank()) {
            throw new IllegalArgumentException("quote needs a ticker");
        }
        if (lastTrade == null && nbbo == null) {
            throw new IllegalArgumentException("quote of " + ticker + " has neither a trade nor a bid/ask");
        }
    }

    /** The newest of the two timestamps: what the quote is "as of". */
    public Instant asOf() {
        Instant trade = lastTrade == null ? null : lastTrade.timestamp();
        Instant book = nbbo == null ? null : nbbo.timestamp();
        if (trade == null) {
            return book;
        }
        return book == null || trade.isAfter(book) ? trade : book;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Trade(BigDecimal price, BigDecimal size, Integer exchange, List<Integer> conditions, Instant timestamp) {

        public Trade {
            Checks.nonNegative("last_trade.price", price, true);
            Checks.nonNegative("last_trade.size", size, false);
            if (timestamp == null) {
                throw new IllegalArgumentException("last_trade.timestamp is required");
            }
            conditions = conditions == null ? null : List.copyOf(conditions);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Nbbo(BigDecimal bidPrice, BigDecimal bidSize, Integer bidExchange, BigDecimal askPrice, BigDecimal askSize,
            Integer askExchange, Instant timestamp) {

        public Nbbo {
            Checks.nonNegative("bid.price", bidPrice, false);
            Checks.nonNegative("bid.size", bidSize, false);
            Checks.nonNegative("ask.price", askPrice, false);
            Checks.nonNegative("ask.size", askSize, false);
            if (timestamp == null) {
                throw new IllegalArgumentException("nbbo.timestamp is required");
            }
        }
    }
}
