package io.suite.marketdata.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The best quote the key may read for one ticker, saying what it is: {@code source} (NBBO, last trade, snapshot,
 * aggregate or previous close), whether it is {@code delayed}, and the time it is {@code asOf}. {@code price} is the
 * single best price (last trade, index value, snapshot trade, or the bar's close); the parts the source has are
 * filled, the rest null. {@code skipped} names the families the key is not entitled to, which is why no fresher source
 * was used. Prices and sizes are decimals (sizes can be fractional).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Quote(String ticker, AssetClass assetClass, QuoteSource source, boolean delayed, BigDecimal price,
        Trade lastTrade, Nbbo nbbo, Bar bar, Instant asOf, List<String> skipped) {

    public Quote {
        if (ticker == null || ticker.isBlank()) {
            throw new IllegalArgumentException("quote needs a ticker");
        }
        if (lastTrade == null && nbbo == null && price == null && bar == null) {
            throw new IllegalArgumentException("quote of " + ticker + " has no price, trade, bid/ask or bar");
        }
        Checks.nonNegative("price", price, false);
        if (assetClass == null) {
            assetClass = Ticker.of(ticker).assetClass();
        }
        if (source == null) { // a payload cached before sources existed: last trade and/or NBBO
            source = nbbo != null ? QuoteSource.NBBO : QuoteSource.TRADE;
        }
        if (price == null) {
            price = lastTrade != null ? lastTrade.price() : bar != null ? bar.close() : null;
        }
        if (asOf == null) {
            asOf = newest(lastTrade == null ? null : lastTrade.timestamp(), nbbo == null ? null : nbbo.timestamp());
        }
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** Last trade plus NBBO (either may be null, not both): the real-time quote; without a trade the price is the mid. */
    public static Quote live(Ticker ticker, Trade trade, Nbbo nbbo, boolean delayed, List<String> skipped) {
        return new Quote(ticker.symbol(), ticker.assetClass(), nbbo != null ? QuoteSource.NBBO : QuoteSource.TRADE, delayed,
                trade != null ? trade.price() : mid(nbbo), trade, nbbo, null, null, skipped);
    }

    /** The midpoint of bid and ask, exact; one side when the other is missing. */
    public static BigDecimal mid(Nbbo n) {
        if (n == null || n.bidPrice() == null || n.askPrice() == null) {
            return n == null ? null : n.bidPrice() != null ? n.bidPrice() : n.askPrice();
        }
        int scale = Math.max(n.bidPrice().scale(), n.askPrice().scale()) + 1;
        return Checks.plain(n.bidPrice().add(n.askPrice()).divide(BigDecimal.valueOf(2), scale, RoundingMode.HALF_EVEN)
                .stripTrailingZeros());
    }

    public Quote withSkipped(List<String> families) {
        return new Quote(ticker, assetClass, source, delayed, price, lastTrade, nbbo, bar, asOf, families);
    }

    private static Instant newest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Trade(BigDecimal price, BigDecimal size, Integer exchange, List<Integer> conditions, Instant timestamp) {

        public Trade {
            Checks.nonNegative("last_trade.price", price, true);
            Checks.nonNegative("last_trade.size", size, false);
            if (timestamp == null) {
                throw new IllegalArgumentException("last_trade.timestamp is required");
            }
            size = Checks.plain(size);
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
            bidSize = Checks.plain(bidSize);
            askSize = Checks.plain(askSize);
        }
    }
}
