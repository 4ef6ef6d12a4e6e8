package io.suite.marketdata.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * marketdata-service settings; every key is overridable by environment variable
 * (e.g. {@code MARKETDATA_CACHE_QUOTE_TTL_OPEN=5s}). The Polygon key has no default: start-up fails naming it.
 */
@ConfigMapping(prefix = "marketdata")
public interface MarketDataConfig {

    Polygon polygon();

    Cache cache();

    Options options();

    Historical historical();

    interface Polygon {

        /** Sent only as {@code Authorization: Bearer}; never in a URL, a log line or a response. */
        String apiKey();

        /** The shared-resilience guard (and through it the rate budget) every Polygon call goes through. */
        @WithDefault("polygon")
        String guard();

        /** Results per upstream page of the option chain (Polygon's maximum is 250). */
        @WithDefault("250")
        int chainPageLimit();

        /** Results per upstream page of aggregates (Polygon's maximum is 50000). */
        @WithDefault("50000")
        int barsPageLimit();

        /** Safety stop for next_url chains. */
        @WithDefault("40")
        int maxPages();
    }

    interface Cache {

        /** Quote freshness while the market is open; after the close a quote lives until the next open. */
        @WithDefault("15s")
        Duration quoteTtlOpen();

        /**
         * Freshness of any entry fetched outside the session. Absent (the default): until the next open, since nothing
         * changes meanwhile. A short value makes the service re-check out of hours (and lets suite tests see staleness).
         */
        java.util.Optional<Duration> ttlClosed();

        @WithDefault("60s")
        Duration optionsTtlOpen();

        /** Bars of a range that includes today, while the market is open. */
        @WithDefault("60s")
        Duration barsTtlOpen();

        /** Bars of a range that ended before today never change again. */
        @WithDefault("3650d")
        Duration barsTtlComplete();

        /** How long past its freshness an entry is kept as "last good data" to serve stale during outages. */
        @WithDefault("7d")
        Duration staleRetention();

        /** Share of the TTL after which a hot entry is refreshed in the background, before it expires. */
        @WithDefault("0.8")
        double refreshAheadRatio();

        /** Hits within one freshness period that make an entry hot (worth refreshing ahead). */
        @WithDefault("3")
        int hotHits();

        @WithDefault("10000")
        long memoryMaxEntries();

        /** How often rows past their stale retention are deleted (read by the scheduler, e.g. 10m). */
        @WithDefault("10m")
        String cleanupInterval();

        @WithDefault("1m")
        String cleanupDelay();
    }

    interface Options {

        @WithDefault("50")
        int defaultLimit();

        @WithDefault("250")
        int maxLimit();
    }

    interface Historical {

        /** Upper bound of bars one request may span (range / (multiplier × timespan)). */
        @WithDefault("50000")
        long maxBars();
    }
}
