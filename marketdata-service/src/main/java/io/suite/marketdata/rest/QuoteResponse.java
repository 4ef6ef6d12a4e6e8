package io.suite.marketdata.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.service.Cached;

/**
 * The best quote the service's Polygon/Massive plan allows, saying what it is: {@code source}, {@code delayed},
 * {@code as_of}. Prices are decimals, timestamps ISO-8601 (nanosecond precision); parts the source lacks are null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Quote")
public record QuoteResponse(
        @Schema(example = "SPY") String ticker,
        @Schema(description = "stocks, indices, crypto or fx", example = "stocks") String assetClass,
        @Schema(description = "nbbo (last trade and best bid/offer), trade (last trade alone, bid and ask null), snapshot "
                + "(the ticker snapshot; an index's value), aggregate (today's latest minute bar) or previous_close (the last "
                + "complete session's daily bar): the freshest source the plan includes", example = "nbbo") String source,
        @Schema(description = "true when the data is not real time: a delayed plan (15 minutes), an aggregate or a previous close",
                example = "false") boolean delayed,
        @Schema(description = "the single best price: last trade, index value, or the bar's close", example = "166.25") BigDecimal price,
        LastTrade lastTrade,
        Side bid,
        Side ask,
        @Schema(example = "2022-05-10T14:25:54.171838500Z") Instant nbboTimestamp,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
                description = "the daily or minute bar of an aggregate or previous close") Bar bar,
        @Schema(description = "when the figures were true: the newest trade or quote time, or the bar's close",
                example = "2022-05-10T14:25:54.171838500Z") Instant asOf,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
                description = "why no fresher source was used: the families the plan does not include",
                example = "the Polygon/Massive plan does not include stocks.trades, stocks.nbbo, stocks.snapshots") String note,
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
        String note = q.skipped().isEmpty() ? null : "the Polygon/Massive plan does not include " + String.join(", ", q.skipped());
        return new QuoteResponse(q.ticker(), q.assetClass().label(), q.source().label(), q.delayed(), q.price(),
                t == null ? null : new LastTrade(t.price(), t.size(), t.exchange(), t.conditions(), t.timestamp()),
                n == null ? null : new Side(n.bidPrice(), n.bidSize(), n.bidExchange()),
                n == null ? null : new Side(n.askPrice(), n.askSize(), n.askExchange()),
                n == null ? null : n.timestamp(), q.bar(), q.asOf(), note, CacheInfo.of(c));
    }
}
