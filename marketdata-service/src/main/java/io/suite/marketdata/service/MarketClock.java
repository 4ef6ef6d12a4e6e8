package io.suite.marketdata.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import io.suite.marketdata.domain.MarketHours;
import jakarta.enterprise.context.ApplicationScoped;

/** The one source of "now" for TTLs, sessions and 0-DTE; tests install a fixed clock with QuarkusMock. */
@ApplicationScoped
public class MarketClock {

    private final Clock clock;

    public MarketClock() {
        this(Clock.systemUTC());
    }

    public MarketClock(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Today in America/New_York: the expiry date of 0-DTE contracts. */
    public LocalDate tradingDate() {
        return MarketHours.tradingDate(now());
    }

    public boolean marketOpen() {
        return MarketHours.isOpen(now());
    }
}
