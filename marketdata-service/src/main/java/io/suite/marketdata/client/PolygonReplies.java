package io.suite.marketdata.client;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * Typed replies of the Polygon/Massive endpoints, with the vendor's field names (shapes from Massive's OpenAPI,
 * {@code .massive/rest.json} of massive-com/client-python, and its test mocks). Numbers bind to BigDecimal straight
 * from the JSON text (never through a double), timestamps to long; fields a plan or an asset class leaves out are null;
 * fields we do not read are ignored. Single letters are case-sensitive ({@code p} bid, {@code P} ask).
 */
final class PolygonReplies {

    private PolygonReplies() {
    }

    /**
     * {@code results} of {@code /v2/last/trade/{t}}: {@code t} is the SIP time in nanoseconds; trades without a SIP
     * (crypto) carry only the participant time {@code y}. {@code ds}, when present, is the size as a decimal string.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Trade(@JsonProperty("p") BigDecimal price, @JsonProperty("s") BigDecimal size, @JsonProperty("ds") String decimalSize,
            @JsonProperty("x") Integer exchange, @JsonProperty("c") List<Integer> conditions,
            @JsonProperty("t") Long sipTimestamp, @JsonProperty("y") Long participantTimestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LastTrade(String status, Trade results) {
    }

    /** {@code results} of {@code /v2/last/nbbo/{t}}: bid {@code p/s/x}, ask {@code P/S/X}, time in nanoseconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Nbbo(@JsonProperty("p") BigDecimal bidPrice, @JsonProperty("s") BigDecimal bidSize, @JsonProperty("x") Integer bidExchange,
            @JsonProperty("P") BigDecimal askPrice, @JsonProperty("S") BigDecimal askSize, @JsonProperty("X") Integer askExchange,
            @JsonProperty("t") Long timestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LastNbbo(String status, Nbbo results) {
    }

    /** {@code last_quote} of an options snapshot; a delayed plan says {@code timeframe: DELAYED}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionQuote(BigDecimal bid, BigDecimal ask, BigDecimal midpoint, @JsonProperty("bid_size") BigDecimal bidSize,
            @JsonProperty("ask_size") BigDecimal askSize, @JsonProperty("last_updated") Long lastUpdated, String timeframe) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionTrade(BigDecimal price, String timeframe) {
    }

    /** {@code day} of an options snapshot; {@code volume} is sometimes written as 8.0. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionDay(BigDecimal volume, @JsonProperty("last_updated") Long lastUpdated) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Greeks(BigDecimal delta, BigDecimal gamma, BigDecimal theta, BigDecimal vega) {
    }

    /** One contract of {@code /v3/snapshot/options/{underlying}}: its terms ({@code details}) and what the plan shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionSnapshot(ContractRef details, @JsonProperty("last_quote") OptionQuote lastQuote,
            @JsonProperty("last_trade") OptionTrade lastTrade, OptionDay day, @JsonProperty("open_interest") BigDecimal openInterest,
            @JsonProperty("implied_volatility") BigDecimal impliedVolatility, Greeks greeks,
            @JsonProperty("break_even_price") BigDecimal breakEvenPrice) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OptionsSnapshotPage(String status,
            @JsonDeserialize(contentUsing = SkipUnreadable.OptionSnapshots.class) List<OptionSnapshot> results,
            @JsonProperty("next_url") String nextUrl) {
    }

    /** One aggregate bar; {@code T} is set on grouped-daily and previous-close results. Single letters are case-sensitive. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Agg(@JsonProperty("T") String ticker, @JsonProperty("o") BigDecimal open, @JsonProperty("h") BigDecimal high,
            @JsonProperty("l") BigDecimal low, @JsonProperty("c") BigDecimal close, @JsonProperty("v") BigDecimal volume,
            @JsonProperty("vw") BigDecimal vwap, @JsonProperty("t") Long start, @JsonProperty("n") BigDecimal transactions) {
    }

    /** {@code /v2/aggs/ticker/{t}/prev}, {@code /v2/aggs/grouped/...} and {@code /v2/aggs/ticker/.../range/...}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Aggs(String ticker, String status, Integer resultsCount, List<Agg> results,
            @JsonProperty("next_url") String nextUrl) {
    }

    /** One contract of {@code /v3/reference/options/contracts}: its terms, no prices. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ContractRef(String ticker, @JsonProperty("underlying_ticker") String underlyingTicker,
            @JsonProperty("contract_type") String contractType, @JsonProperty("exercise_style") String exerciseStyle,
            @JsonProperty("expiration_date") String expirationDate, @JsonProperty("strike_price") BigDecimal strikePrice,
            @JsonProperty("shares_per_contract") Integer sharesPerContract) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contracts(String status,
            @JsonDeserialize(contentUsing = SkipUnreadable.ContractRefs.class) List<ContractRef> results,
            @JsonProperty("next_url") String nextUrl) {
    }

    /** {@code lastTrade} of a ticker snapshot; {@code t} is nanoseconds for stocks, milliseconds for crypto. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SnapshotTrade(@JsonProperty("p") BigDecimal price, @JsonProperty("s") BigDecimal size,
            @JsonProperty("x") Integer exchange, @JsonProperty("c") List<Integer> conditions, @JsonProperty("t") Long timestamp) {
    }

    /** {@code lastQuote}: stocks {@code p/s} bid, {@code P/S} ask; forex {@code b} bid and {@code a} ask. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SnapshotQuote(@JsonProperty("p") BigDecimal bidPrice, @JsonProperty("s") BigDecimal bidSize,
            @JsonProperty("P") BigDecimal askPrice, @JsonProperty("S") BigDecimal askSize, @JsonProperty("b") BigDecimal bid,
            @JsonProperty("a") BigDecimal ask, @JsonProperty("x") Integer exchange, @JsonProperty("t") Long timestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SnapshotBar(@JsonProperty("o") BigDecimal open, @JsonProperty("h") BigDecimal high, @JsonProperty("l") BigDecimal low,
            @JsonProperty("c") BigDecimal close, @JsonProperty("v") BigDecimal volume, @JsonProperty("vw") BigDecimal vwap,
            @JsonProperty("t") Long start) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SnapshotTicker(String ticker, SnapshotBar day, SnapshotBar min, SnapshotBar prevDay, SnapshotTrade lastTrade,
            SnapshotQuote lastQuote, Long updated) {
    }

    /** {@code /v2/snapshot/locale/us/markets/stocks/tickers/{t}} and the global crypto and forex ticker snapshots. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TickerSnapshot(String status, SnapshotTicker ticker) {
    }

    /** One entry of {@code /v3/snapshot/indices}: a value, or a per-ticker error (NOT_FOUND, NOT_ENTITLED) inside a 200. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record IndexValue(String ticker, BigDecimal value, @JsonProperty("last_updated") Long lastUpdated, String timeframe,
            String error, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IndicesSnapshot(String status, List<IndexValue> results) {
    }

    /** {@code /v1/last/crypto/{from}/{to}}: {@code timestamp} in milliseconds, sizes often in exponent notation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CryptoLast(BigDecimal price, BigDecimal size, Integer exchange, List<Integer> conditions, Long timestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CryptoLastTrade(String status, String symbol, CryptoLast last) {
    }

    /** {@code /v1/last_quote/currencies/{from}/{to}}: the pair's last bid and ask, {@code timestamp} in milliseconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FxLast(BigDecimal ask, BigDecimal bid, Integer exchange, Long timestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FxLastQuote(String status, String symbol, FxLast last) {
    }
}
