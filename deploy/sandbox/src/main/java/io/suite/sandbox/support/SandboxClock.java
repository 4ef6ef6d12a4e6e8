package io.suite.sandbox.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sandbox's notion of "now": the system clock plus an offset that tests and the control API can
 * move forward ({@code POST /_control/clock/advance}) to expire tokens, codes and rate-limit windows
 * without sleeping.
 */
@ApplicationScoped
public class SandboxClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetMillis = new AtomicLong();

    public SandboxClock() {
        this(Clock.systemUTC());
    }

    public SandboxClock(Clock base) {
        this.base = base;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(base, Duration.ofMillis(offsetMillis.get())).withZone(zone);
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }

    /** Nanoseconds since the epoch (Polygon's unit for trades and quotes). */
    public long epochNanos() {
        Instant now = instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        offsetMillis.addAndGet(d.toMillis());
    }

    public long offsetMillis() {
        return offsetMillis.get();
    }

    public void reset() {
        offsetMillis.set(0);
    }
}
