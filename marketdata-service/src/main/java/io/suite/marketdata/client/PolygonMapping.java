package io.suite.marketdata.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.MarketHours;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.QuoteSource;
import io.suite.marketdata.domain.Ticker;
import io.suite.resilience.upstream.UpstreamUnavailableException;

/**
 * Polygon's replies into domain values: exact decimals, timestamps in whatever unit each endpoint uses, optional
 * fields absent on lower plans as null. What the upstream sends that fails validation is the upstream's fault (an
 * {@link UpstreamUnavailableException}), never ours.
 */
final class PolygonMapping {

    private static final Logger LOG = Logger.getLogger(PolygonMapping.class);
    /** Prices stay exact: floats parse to BigDecimal, big integers (ns timestamps) to long, never via double. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private PolygonMapping() {
    }

    static UpstreamUnavailableException unexpected(String what) {
        return new UpstreamUnavailableException("polygon", 200, "UnexpectedResponse", what, null, null);
    }

    static JsonNode parse(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root == null || !root.isObject()) {
                throw unexpected("body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw unexpected("body is not JSON");
        }
    }

    /** Polygon marks data of delayed plans with {@code "status": "DELAYED"} (and {@code timeframe} in options). */
    static boolean delayed(JsonNode root) {
        return "DELAYED".equalsIgnoreCase(text(root, "status"));
    }

    /**
     * {@code /v2/last/trade}: {@code t} is the SIP time in nanoseconds; trades without a SIP (crypto) carry only the
     * participant time {@code y}. {@code ds}, when present, is the size as a decimal string with its fractional part.
     */
    static Quote.Trade trade(String body) {
        JsonNode r = parse(body).path("results");
        if (!r.isObject()) {
            return null;
        }
        List<Integer> conditions = r.path("c").isArray() ? new ArrayList<>() : null;
        if (conditions != null) {
            r.path("c").forEach(c -> conditions.add(c.asInt()));
        }
        return valid(() -> new Quote.Trade(decimal(r, "p"), size(r), integer(r, "x"), conditions,
                r.hasNonNull("t") ? epoch(r, "t") : epoch(r, "y")));
    }

    private static BigDecimal size(JsonNode r) {
        String ds = text(r, "ds");
        if (ds != null) {
            try {
                return new BigDecimal(ds.strip());
            } catch (NumberFormatException e) {
                LOG.debugf("ignoring a malformed ds %s", ds);
            }
        }
        return decimal(r, "s");
    }

    static Quote.Nbbo nbbo(String body) {
        JsonNode r = parse(body).path("results");
        if (!r.isObject()) {
            return null;
        }
        return valid(() -> new Quote.Nbbo(decimal(r, "p"), decimal(r, "s"), integer(r, "x"), decimal(r, "P"),
                decimal(r, "S"), integer(r, "X"), epoch(r, "t")));
    }

    /** {@code /v1/last/crypto/{from}/{to}}: the last trade of a pair, time in milliseconds. */
    static Quote.Trade cryptoTrade(PolygonReplies.CryptoLastTrade reply) {
        PolygonReplies.CryptoLast l = reply == null ? null : reply.last();
        if (l == null || l.price() == null) {
            return null;
        }
        return valid(() -> new Quote.Trade(l.price(), l.size(), l.exchange(), l.conditions(), epoch(l.timestamp())));
    }

    /** {@code /v1/last_quote/currencies/{from}/{to}}: a currency pair's bid and ask, time in milliseconds. */
    static Quote.Nbbo currencyQuote(PolygonReplies.FxLastQuote reply) {
        PolygonReplies.FxLast l = reply == null ? null : reply.last();
        if (l == null || (l.bid() == null && l.ask() == null)) {
            return null;
        }
        return valid(() -> new Quote.Nbbo(l.bid(), null, l.exchange(), l.ask(), null, l.exchange(), epoch(l.timestamp())));
    }

    /**
     * A ticker snapshot (stocks, crypto, forex) as a quote: the last trade and quote when the snapshot has them, else
     * the day's or the previous day's close. Stock times are nanoseconds, crypto and forex milliseconds.
     */
    static Quote snapshot(Ticker ticker, PolygonReplies.TickerSnapshot reply, boolean delayed) {
        PolygonReplies.SnapshotTicker t = reply == null ? null : reply.ticker();
        if (t == null) {
            return null;
        }
        return valid(() -> {
            PolygonReplies.SnapshotTrade lt = t.lastTrade();
            Quote.Trade trade = lt == null || lt.price() == null || lt.timestamp() == null ? null
                    : new Quote.Trade(lt.price(), lt.size(), lt.exchange(), lt.conditions(), epoch(lt.timestamp()));
            PolygonReplies.SnapshotQuote lq = t.lastQuote();
            Quote.Nbbo nbbo = null;
            if (lq != null && lq.timestamp() != null) {
                BigDecimal bid = lq.bidPrice() != null ? lq.bidPrice() : lq.bid();
                BigDecimal ask = lq.askPrice() != null ? lq.askPrice() : lq.ask();
                if (bid != null || ask != null) {
                    nbbo = new Quote.Nbbo(bid, lq.bidSize(), lq.exchange(), ask, lq.askSize(), lq.exchange(), epoch(lq.timestamp()));
                }
            }
            Instant updated = t.updated() == null ? null : epoch(t.updated());
            // the day bar has no start of its own: the day of the snapshot's last update, from midnight New York
            Instant dayStart = updated == null ? null
                    : MarketHours.tradingDate(updated).atStartOfDay(MarketHours.NEW_YORK).toInstant();
            Bar day = snapshotBar(t.day(), dayStart);
            BigDecimal price = trade != null ? trade.price() : nbbo != null ? Quote.mid(nbbo) : day != null ? day.close()
                    : t.prevDay() == null ? null : t.prevDay().close();
            Instant asOf = updated;
            if (trade != null && (asOf == null || trade.timestamp().isAfter(asOf))) {
                asOf = trade.timestamp();
            }
            if (nbbo != null && (asOf == null || nbbo.timestamp().isAfter(asOf))) {
                asOf = nbbo.timestamp();
            }
            return new Quote(ticker.symbol(), ticker.assetClass(), QuoteSource.SNAPSHOT, delayed, price, trade, nbbo, day, asOf,
                    null);
        });
    }

    /** An index value from {@code /v3/snapshot/indices}; null when the entry is a per-ticker error. */
    static Quote indexValue(Ticker ticker, PolygonReplies.IndexValue v, boolean declaredDelayed) {
        if (v == null || v.value() == null) {
            return null;
        }
        boolean delayed = declaredDelayed || "DELAYED".equalsIgnoreCase(v.timeframe());
        return valid(() -> new Quote(ticker.symbol(), ticker.assetClass(), QuoteSource.SNAPSHOT, delayed, v.value(), null, null,
                null, v.lastUpdated() == null ? null : epoch(v.lastUpdated()), null));
    }

    private static Bar snapshotBar(PolygonReplies.SnapshotBar b, Instant start) {
        if (b == null || b.open() == null || b.close() == null || b.high() == null || b.low() == null) {
            return null;
        }
        Instant t = b.start() != null ? epoch(b.start()) : start;
        if (t == null) {
            return null;
        }
        return new Bar(t, b.open(), b.high(), b.low(), b.close(), b.volume() == null ? BigDecimal.ZERO : b.volume(),
                b.vwap(), null);
    }

    /** An aggregate of a typed reply (previous close, grouped daily, range); null when it is incomplete. */
    static Bar bar(PolygonReplies.Agg a) {
        if (a == null || a.start() == null || a.open() == null || a.high() == null || a.low() == null || a.close() == null) {
            return null;
        }
        return valid(() -> new Bar(Instant.ofEpochMilli(a.start()), a.open(), a.high(), a.low(), a.close(),
                a.volume() == null ? BigDecimal.ZERO : a.volume(), a.vwap(),
                a.transactions() == null ? null : a.transactions().longValue()));
    }

    /** A contract of the reference endpoint: its terms only, every price field null. */
    static OptionContract reference(String underlying, PolygonReplies.ContractRef r) {
        try {
            return new OptionContract(r.ticker(), underlying, ContractType.fromLabel(r.contractType()), r.exerciseStyle(),
                    r.expirationDate() == null ? null : LocalDate.parse(r.expirationDate()), r.strikePrice(),
                    r.sharesPerContract(), null, null, null, null, null, null, null, null, null, null, null, null);
        } catch (RuntimeException e) {
            LOG.warnf("skipping an option contract of %s the upstream described incompletely: %s", underlying, e.getMessage());
            return null;
        }
    }

    /** A contract the upstream describes incompletely is skipped (and logged), not allowed to fail the whole chain. */
    static OptionContract contract(String underlying, JsonNode r) {
        JsonNode details = r.path("details");
        JsonNode quote = r.path("last_quote");
        JsonNode greeks = r.path("greeks");
        JsonNode day = r.path("day");
        try {
            String exp = text(details, "expiration_date");
            return new OptionContract(text(details, "ticker"), underlying,
                    ContractType.fromLabel(text(details, "contract_type")), text(details, "exercise_style"),
                    exp == null ? null : LocalDate.parse(exp), decimal(details, "strike_price"),
                    integer(details, "shares_per_contract"),
                    decimal(quote, "bid"), decimal(quote, "ask"), decimal(quote, "midpoint"),
                    decimal(quote, "bid_size"), decimal(quote, "ask_size"),
                    decimal(r.path("last_trade"), "price"),
                    wholeNumber(day, "volume"), wholeNumber(r, "open_interest"),
                    decimal(r, "implied_volatility"),
                    greeks.isObject() ? new OptionContract.Greeks(decimal(greeks, "delta"), decimal(greeks, "gamma"),
                            decimal(greeks, "theta"), decimal(greeks, "vega")) : null,
                    decimal(r, "break_even_price"),
                    quote.hasNonNull("last_updated") ? epoch(quote, "last_updated") : epoch(day, "last_updated"));
        } catch (RuntimeException e) {
            LOG.warnf("skipping an option contract of %s the upstream described incompletely: %s", underlying, e.getMessage());
            return null;
        }
    }

    /** A delayed options snapshot says so per contract: {@code last_quote.timeframe} is DELAYED. */
    static boolean delayedContract(JsonNode r) {
        return "DELAYED".equalsIgnoreCase(text(r.path("last_quote"), "timeframe"))
                || "DELAYED".equalsIgnoreCase(text(r.path("last_trade"), "timeframe"));
    }

    static Bar bar(JsonNode r) {
        return valid(() -> new Bar(millis(r, "t"), decimal(r, "o"), decimal(r, "h"), decimal(r, "l"), decimal(r, "c"),
                decimal(r, "v"), decimal(r, "vw"), wholeNumber(r, "n")));
    }

    static <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw unexpected("upstream data failed validation: " + e.getMessage());
        }
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.decimalValue();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.intValue();
    }

    /** Counts that Polygon sometimes writes as 8 and sometimes as 8.0. */
    static Long wholeNumber(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.decimalValue().longValue();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** An epoch timestamp in whatever unit the endpoint uses; see {@link #epoch(long)}. */
    static Instant epoch(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isIntegralNumber() ? null : epoch(v.longValue());
    }

    /**
     * Polygon mixes units: trades, quotes and stock snapshots are nanoseconds, aggregates and the crypto and forex
     * endpoints milliseconds. Told apart by magnitude (any date after 1973 in ns exceeds 1e17, in ms stays below
     * 1e14), and split without a double.
     */
    static Instant epoch(long value) {
        if (Math.abs(value) >= 100_000_000_000_000_000L) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        }
        if (Math.abs(value) >= 100_000_000_000_000L) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        }
        return Instant.ofEpochMilli(value);
    }

    /** Aggregate bars are milliseconds. */
    static Instant millis(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isIntegralNumber() ? null : Instant.ofEpochMilli(v.longValue());
    }
}
