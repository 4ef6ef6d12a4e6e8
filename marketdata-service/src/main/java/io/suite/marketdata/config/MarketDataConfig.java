package io.suite.marketdata.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
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

        /**
         * The REST client's base URL (the one setting, {@code quarkus.rest-client.polygon.url}, read here): next_url
         * pages are re-rooted on its path, so the key only ever goes to this host.
         */
        @WithDefault("${quarkus.rest-client.polygon.url}")
        URI url();

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

        /**
         * The key's Massive plan, so a fresh start spends no call discovering it: {@code basic} (the free plan),
         * {@code starter}, {@code developer}, {@code advanced}, or a comma-separated list of families
         * ({@code stocks.aggregates,stocks.snapshots,options.reference}). Absent: learned from the upstream's answers.
         */
        Optional<String> plan();

        /** Years of history the plan serves; a tier implies 2, 5, 10 or 20. Absent with a list: learned from 403s. */
        Optional<Integer> historyYears();

        /** Whether aggregates stop at the last complete session; a tier implies it (basic), a list unless it has snapshots. */
        Optional<Boolean> endOfDay();

        Entitlements entitlements();

        /** Results per page of the option contracts reference (Polygon's maximum is 1000). */
        @WithDefault("1000")
        int referencePageLimit();

        /**
         * How long after the 16:00 close a session's end-of-day data (grouped daily, previous close) is out; before
         * then "the latest complete session" is the one before.
         */
        @WithDefault("1h")
        Duration endOfDayDelay();

        /** How long a replica waits for another one's grouped-daily load before asking for the one ticker itself. */
        @WithDefault("5s")
        Duration groupedDailyWait();
    }

    interface Entitlements {

        /** A learned refusal is asked again after this long (a plan may have been upgraded). */
        @WithDefault("24h")
        Duration recheckAfter();

        /** How often the in-memory view re-reads what the other replicas learned. */
        @WithDefault("30s")
        Duration refreshInterval();

        /** How long a caller waits for another replica's probe of a family before taking the next best source. */
        @WithDefault("3s")
        Duration probeWait();

        /** A probe claim lapses after this long, should its replica die before it hears back. */
        @WithDefault("30s")
        Duration probeLease();
    }

    interface Cache {

        /** Quote freshness while the market is open; after the close a quote lives until the next open. */
        @WithDefault("15s")
        Duration quoteTtlOpen();

        /**
         * Freshness of any entry fetched outside the session. Absent (the default): until the next open, since nothing
         * changes meanwhile. A short value makes the service re-check out of hours (and lets suite tests see staleness).
         */
        Optional<Duration> ttlClosed();

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

        /**
         * Byte budget of the in-process level, weighed per entry (a bar is about 315 bytes on the heap, an option
         * contract about 1 KB): a few maximum-size series can no longer fill the heap, whatever their count.
         */
        @WithDefault("96M")
        MemorySize memoryMaxBytes();

        /** Freshness of a quote built from today's latest minute aggregate, while the market is open. */
        @WithDefault("60s")
        Duration aggregateTtlOpen();

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
