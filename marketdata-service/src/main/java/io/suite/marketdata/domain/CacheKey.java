package io.suite.marketdata.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import io.suite.resilience.params.BoundedNumbers;
import io.suite.resilience.problem.ProblemException;

/**
 * What one cache entry holds, as a stable string ({@code quote:SPY}, {@code options:SPY:2024-01-19:2024-01-19:call:*:*},
 * {@code bars:SPY:1:day:2024-01-02:2024-01-31:true}). The string is the primary key in Postgres and what an admin
 * names to refresh; parsing it back gives everything needed to fetch the data again.
 */
public sealed interface CacheKey permits CacheKey.QuoteKey, CacheKey.ChainKey, CacheKey.BarsKey {

    String ANY = "*";

    DataType type();

    Ticker ticker();

    String asString();

    record QuoteKey(Ticker ticker) implements CacheKey {
        public DataType type() {
            return DataType.QUOTE;
        }

        public String asString() {
            return "quote:" + ticker;
        }
    }

    /** The part of a chain query the upstream filters; volume/open-interest filters and paging are applied locally. */
    record ChainKey(Ticker ticker, LocalDate expirationFrom, LocalDate expirationTo, ContractType contractType,
            BigDecimal strikeMin, BigDecimal strikeMax) implements CacheKey {
        public DataType type() {
            return DataType.OPTIONS;
        }

        public String asString() {
            return "options:" + ticker + ":" + or(expirationFrom) + ":" + or(expirationTo) + ":"
                    + (contractType == null ? ANY : contractType.label()) + ":"
                    + (strikeMin == null ? ANY : strikeMin.stripTrailingZeros().toPlainString()) + ":"
                    + (strikeMax == null ? ANY : strikeMax.stripTrailingZeros().toPlainString());
        }
    }

    record BarsKey(Ticker ticker, int multiplier, Timespan timespan, LocalDate from, LocalDate to, boolean adjusted)
            implements
                CacheKey {
        public DataType type() {
            return DataType.BARS;
        }

        public String asString() {
            return "bars:" + ticker + ":" + multiplier + ":" + timespan.label() + ":" + from + ":" + to + ":" + adjusted;
        }
    }

    /**
     * Parses a key this service issued; anything else is an IllegalArgumentException with a reason. Tickers of other
     * asset classes contain a colon ({@code quote:I:SPX}), so the fixed fields are read from the end.
     */
    static CacheKey parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("is required");
        }
        String[] p = key.split(":", -1);
        try {
            switch (p[0]) {
                case "quote" -> {
                    require(p.length >= 2, key);
                    return new QuoteKey(Ticker.of(ticker(p, 0)));
                }
                case "options" -> {
                    require(p.length >= 7, key);
                    int n = p.length;
                    return new ChainKey(Ticker.of(ticker(p, 5)), date(p[n - 5]), date(p[n - 4]),
                            ANY.equals(p[n - 3]) ? null : ContractType.fromLabel(p[n - 3]), decimal(p[n - 2]), decimal(p[n - 1]));
                }
                case "bars" -> {
                    require(p.length >= 7, key);
                    int n = p.length;
                    Timespan timespan = Timespan.fromLabel(p[n - 4]);
                    require(timespan != null, key);
                    return new BarsKey(Ticker.of(ticker(p, 5)), Integer.parseInt(p[n - 5]), timespan, LocalDate.parse(p[n - 3]),
                            LocalDate.parse(p[n - 2]), Boolean.parseBoolean(p[n - 1]));
                }
                default -> throw new IllegalArgumentException("is not a cache key (quote:…, options:…, bars:…)");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("is not a cache key this service issued");
        }
    }

    /** The ticker between the type and the {@code trailing} fixed fields that end the key. */
    private static String ticker(String[] parts, int trailing) {
        return String.join(":", Arrays.copyOfRange(parts, 1, parts.length - trailing));
    }

    private static void require(boolean ok, String key) {
        if (!ok) {
            throw new IllegalArgumentException("is not a cache key this service issued");
        }
    }

    private static String or(LocalDate d) {
        return d == null ? ANY : d.toString();
    }

    private static LocalDate date(String s) {
        return ANY.equals(s) ? null : LocalDate.parse(s);
    }

    private static BigDecimal decimal(String s) {
        if (ANY.equals(s)) {
            return null;
        }
        try {
            // keys come from an operator's request: bounded text first, as for the public strike parameters
            BigDecimal bound = BigDecimal.TEN.pow(BoundedNumbers.MAX_INTEGER_DIGITS);
            return BoundedNumbers.decimalInRange("key", s, bound.negate(), bound);
        } catch (ProblemException e) {
            throw new IllegalArgumentException("is not a cache key this service issued");
        }
    }
}
