package io.suite.marketdata.service;

import java.time.Duration;
import java.time.Instant;

import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.MarketHours;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Freshness per data type and market session: during the session quotes live seconds; after the close nothing
 * changes until the next open; bars of a range that ended before today never change.
 */
@ApplicationScoped
public class CacheTtlPolicy {

    private final MarketDataConfig config;

    public CacheTtlPolicy(MarketDataConfig config) {
        this.config = config;
    }

    public Instant freshUntil(CacheKey key, Instant fetchedAt) {
        if (key instanceof CacheKey.BarsKey bars && bars.to().isBefore(MarketHours.tradingDate(fetchedAt))) {
            return fetchedAt.plus(config.cache().barsTtlComplete());
        }
        if (!MarketHours.isOpen(fetchedAt)) {
            return config.cache().ttlClosed().map(fetchedAt::plus).orElseGet(() -> MarketHours.nextOpen(fetchedAt));
        }
        Duration ttl = switch (key.type()) {
            case QUOTE -> config.cache().quoteTtlOpen();
            case OPTIONS -> config.cache().optionsTtlOpen();
            case BARS -> config.cache().barsTtlOpen();
        };
        return fetchedAt.plus(ttl);
    }

    public Instant keepUntil(Instant freshUntil) {
        return freshUntil.plus(config.cache().staleRetention());
    }
}
