package io.suite.marketdata.client;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Typed replies of the Polygon/Massive endpoints added for plan-aware market data (shapes from Massive's OpenAPI,
 * {@code .massive/rest.json} of massive-com/client-python, and its test mocks). Numbers bind to BigDecimal straight
 * from the JSON text, timestamps to long; fields a plan or an asset class leaves out are null.
 */
final class PolygonReplies {

    private PolygonReplies() {
    }

    /** One aggregate bar; {@code T} is set on grouped-daily and previous-close results. Single letters are case-sensitive. */
    record Agg(@JsonProperty("T") String ticker, @JsonProperty("o") BigDecimal open, @JsonProperty("h") BigDecimal high,
            @JsonProperty("l") BigDecimal low, @JsonProperty("c") BigDecimal close, @JsonProperty("v") BigDecimal volume,
            @JsonProperty("vw") BigDecimal vwap, @JsonProperty("t") Long start, @JsonProperty("n") BigDecimal transactions) {
    }

    /** {@code /v2/aggs/ticker/{t}/prev}, {@code /v2/aggs/grouped/...} and {@code /v2/aggs/ticker/.../range/...}. */
    record Aggs(String ticker, String status, Integer resultsCount, List<Agg> results,
            @JsonProperty("next_url") String nextUrl) {
    }

    /** One contract of {@code /v3/reference/options/contracts}: its terms, no prices. */
    record ContractRef(String ticker, @JsonProperty("underlying_ticker") String underlyingTicker,
            @JsonProperty("contract_type") String contractType, @JsonProperty("exercise_style") String exerciseStyle,
            @JsonProperty("expiration_date") String expirationDate, @JsonProperty("strike_price") BigDecimal strikePrice,
            @JsonProperty("shares_per_contract") Integer sharesPerContract) {
    }

    record Contracts(String status, List<ContractRef> results, @JsonProperty("next_url") String nextUrl) {
    }

    /** {@code lastTrade} of a ticker snapshot; {@code t} is nanoseconds for stocks, milliseconds for crypto. */
    record SnapshotTrade(@JsonProperty("p") BigDecimal price, @JsonProperty("s") BigDecimal size,
            @JsonProperty("x") Integer exchange, @JsonProperty("c") List<Integer> conditions, @JsonProperty("t") Long timestamp) {
    }

    /** {@code lastQuote}: stocks {@code p/s} bid, {@code P/S} ask; forex {@code b} bid and {@code a} ask. */
    record SnapshotQuote(@JsonProperty("p") BigDecimal bidPrice, @JsonProperty("s") BigDecimal bidSize,
            @JsonProperty("P") BigDecimal askPrice, @JsonProperty("S") BigDecimal askSize, @JsonProperty("b") BigDecimal bid,
            @JsonProperty("a") BigDecimal ask, @JsonProperty("x") Integer exchange, @JsonProperty("t") Long timestamp) {
    }

    record SnapshotBar(@JsonProperty("o") BigDecimal open, @JsonProperty("h") BigDecimal high, @JsonProperty("l") BigDecimal low,
            @JsonProperty("c") BigDecimal close, @JsonProperty("v") BigDecimal volume, @JsonProperty("vw") BigDecimal vwap,
            @JsonProperty("t") Long start) {
    }

    record SnapshotTicker(String ticker, SnapshotBar day, SnapshotBar min, SnapshotBar prevDay, SnapshotTrade lastTrade,
            SnapshotQuote lastQuote, Long updated) {
    }

    /** {@code /v2/snapshot/locale/us/markets/stocks/tickers/{t}} and the global crypto and forex ticker snapshots. */
    record TickerSnapshot(String status, SnapshotTicker ticker) {
    }

    /** One entry of {@code /v3/snapshot/indices}: a value, or a per-ticker error (NOT_FOUND, NOT_ENTITLED) inside a 200. */
    record IndexValue(String ticker, BigDecimal value, @JsonProperty("last_updated") Long lastUpdated, String timeframe,
            String error, String message) {
    }

    record IndicesSnapshot(String status, List<IndexValue> results) {
    }

    /** {@code /v1/last/crypto/{from}/{to}}: {@code timestamp} in milliseconds, sizes often in exponent notation. */
    record CryptoLast(BigDecimal price, BigDecimal size, Integer exchange, List<Integer> conditions, Long timestamp) {
    }

    record CryptoLastTrade(String status, String symbol, CryptoLast last) {
    }

    /** {@code /v1/last_quote/currencies/{from}/{to}}: the pair's last bid and ask, {@code timestamp} in milliseconds. */
    record FxLast(BigDecimal ask, BigDecimal bid, Integer exchange, Long timestamp) {
    }

    record FxLastQuote(String status, String symbol, FxLast last) {
    }
}
