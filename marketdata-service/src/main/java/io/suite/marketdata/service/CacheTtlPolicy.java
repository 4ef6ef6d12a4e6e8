package io.suite.marketdata.service;

import java.time.Duration;
import java.time.Instant;

import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.MarketHours;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.QuoteSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Freshness by the kind of data: during the session quotes live seconds and a quote built from a minute aggregate a
 * minute; a previous close is good until the next session's close is out; after the close nothing changes until the
 * next open; bars of days that are over never change.
 */
@ApplicationScoped
public class CacheTtlPolicy {

    private final MarketDataConfig config;

    public CacheTtlPolicy(MarketDataConfig config) {
        this.config = config;
    }

    public Instant freshUntil(CacheKey key, Object value, Instant fetchedAt) {
        if (key instanceof CacheKey.BarsKey bars && bars.to().isBefore(MarketHours.tradingDate(fetchedAt))) {
            return fetchedAt.plus(config.cache().barsTtlComplete());
        }
        boolean open = MarketHours.isOpen(fetchedAt);
        if (!open && config.cache().ttlClosed().isPresent()) {
            return fetchedAt.plus(config.cache().ttlClosed().get());
        }
        Duration eodDelay = config.polygon().endOfDayDelay();
        if (value instanceof Quote q && q.source() == QuoteSource.PREVIOUS_CLOSE) {
            return MarketHours.nextEndOfDay(MarketHours.latestCompleteSession(fetchedAt, eodDelay), eodDelay);
        }
        if (value instanceof BarSeries s && s.to() != null && s.to().isBefore(MarketHours.tradingDate(fetchedAt))) {
            // an end-of-day plan's bars stop at the last complete session: nothing new until the next one is out
            return MarketHours.nextEndOfDay(MarketHours.latestCompleteSession(fetchedAt, eodDelay), eodDelay);
        }
        if (!open) {
            return MarketHours.nextOpen(fetchedAt);
        }
        Duration ttl = switch (key.type()) {
            case QUOTE -> value instanceof Quote q && q.source() == QuoteSource.AGGREGATE ? config.cache().aggregateTtlOpen()
                    : config.cache().quoteTtlOpen();
            case OPTIONS -> config.cache().optionsTtlOpen();
            case BARS -> config.cache().barsTtlOpen();
        };
        return fetchedAt.plus(ttl);
    }

    public Instant keepUntil(Instant freshUntil) {
        return freshUntil.plus(config.cache().staleRetention());
    }
}
