package io.suite.marketdata.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import io.suite.marketdata.domain.MarketHours;
import jakarta.enterprise.context.ApplicationScoped;

/** "Now" for TTLs, sessions and 0-DTE, from the suite's {@code Clock} bean; tests install a fixed clock with QuarkusMock. */
@ApplicationScoped
public class MarketClock {

    private final Clock clock;

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
}
