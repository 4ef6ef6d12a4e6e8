package io.suite.marketdata.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.service.Cached;

/** Last trade and NBBO of a ticker; prices are decimals, timestamps ISO-8601 (nanosecond precision). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Quote")
public record QuoteResponse(
        @Schema(example = "SPY") String ticker,
        LastTrade lastTrade,
        Side bid,
        Side ask,
        @Schema(example = "2022-05-10T14:25:54.171838500Z") Instant nbboTimestamp,
        @Schema(example = "2022-05-10T14:25:54.171838500Z") Instant asOf,
        CacheInfo cache) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LastTrade(@Schema(example = "166.25") BigDecimal price, @Schema(example = "2") BigDecimal size,
            @Schema(example = "4") Integer exchange, List<Integer> conditions,
            @Schema(example = "2022-04-28T20:55:19.310617300Z") Instant timestamp) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Side(@Schema(example = "155.65") BigDecimal price, @Schema(example = "1") BigDecimal size,
            @Schema(example = "19") Integer exchange) {
    }

    static QuoteResponse of(Cached<Quote> c) {
        Quote q = c.value();
        Quote.Trade t = q.lastTrade();
        Quote.Nbbo n = q.nbbo();
        return new QuoteResponse(q.ticker(),
                t == null ? null : new LastTrade(t.price(), t.size(), t.exchange(), t.conditions(), t.timestamp()),
                n == null ? null : new Side(n.bidPrice(), n.bidSize(), n.bidExchange()),
                n == null ? null : new Side(n.askPrice(), n.askSize(), n.askExchange()),
                n == null ? null : n.timestamp(), q.asOf(), CacheInfo.of(c));
    }
}
