package io.suite.marketdata.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

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
            implements CacheKey {
        public DataType type() {
            return DataType.BARS;
        }

        public String asString() {
            return "bars:" + ticker + ":" + multiplier + ":" + timespan.label() + ":" + from + ":" + to + ":" + adjusted;
        }
    }

    /** Parses a key this service issued; anything else is an IllegalArgumentException with a reason. */
    static CacheKey parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("is required");
        }
        String[] p = key.split(":", -1);
        try {
            switch (p[0]) {
                case "quote" -> {
                    require(p.length == 2, key);
                    return new QuoteKey(Ticker.of(p[1]));
                }
                case "options" -> {
                    require(p.length == 7, key);
                    return new ChainKey(Ticker.of(p[1]), date(p[2]), date(p[3]),
                            ANY.equals(p[4]) ? null : ContractType.fromLabel(p[4]), decimal(p[5]), decimal(p[6]));
                }
                case "bars" -> {
                    require(p.length == 7, key);
                    Timespan timespan = Timespan.fromLabel(p[3]);
                    require(timespan != null, key);
                    return new BarsKey(Ticker.of(p[1]), Integer.parseInt(p[2]), timespan, LocalDate.parse(p[4]),
                            LocalDate.parse(p[5]), Boolean.parseBoolean(p[6]));
                }
                default -> throw new IllegalArgumentException("is not a cache key (quote:…, options:…, bars:…)");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("is not a cache key this service issued");
        }
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
        return ANY.equals(s) ? null : new BigDecimal(s);
    }
}
