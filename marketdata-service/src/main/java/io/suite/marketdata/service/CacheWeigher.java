package io.suite.marketdata.service;

import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.Quote;

/**
 * Estimated heap bytes of a cache entry, so the in-process level is bounded by size, not count: one maximum-size bar
 * series (50,000 bars) weighs as much as thousands of quotes. The per-object figures were measured with JOL on
 * realistic values (CacheWeigherTest keeps them within 25 % of the measurement).
 */
final class CacheWeigher {

    /** A Bar with its Instant, six BigDecimals and a Long, plus its slot in the list. */
    static final int BAR_BYTES = 315;
    /** An OptionContract with its strings, dates, decimals and greeks. */
    static final int CONTRACT_BYTES = 1_000;
    /** A quote with trade, NBBO or bar. */
    static final int QUOTE_BYTES = 520;
    /** The entry, its key string and Caffeine's node. */
    static final int ENTRY_BYTES = 250;

    private CacheWeigher() {
    }

    static int bytes(String key, Object value) {
        long bytes = ENTRY_BYTES + 2L * key.length();
        if (value instanceof BarSeries s) {
            bytes += 64 + (long) BAR_BYTES * s.bars().size();
        } else if (value instanceof OptionChain c) {
            bytes += 64 + (long) CONTRACT_BYTES * c.contracts().size();
        } else if (value instanceof Quote) {
            bytes += QUOTE_BYTES;
        } else {
            bytes += 512;
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
