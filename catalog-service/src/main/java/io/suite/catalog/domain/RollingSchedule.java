package io.suite.catalog.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The rolling refresh schedule. Each product owns a slot in the refresh interval (24 h), from a uniform hash of its
 * ASIN and marketplace, so products spread evenly over the day instead of all coming due at the hour they were
 * imported. After a refresh the product is next due at its slot between half an interval and one and a half intervals
 * later: in the steady state exactly one interval (24 h) after its last due time.
 */
public final class RollingSchedule {

    public static final int SLOTS = 86_400;

    private RollingSchedule() {
    }

    /** The product's slot: a second of the day, uniformly spread. */
    public static int slot(String asin, String marketplace) {
        UUID h = UUID.nameUUIDFromBytes((asin + "|" + marketplace).getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(h.getMostSignificantBits(), (long) SLOTS);
    }

    /** When a product refreshed at {@code refreshedAt} is next due. */
    public static Instant nextDue(Instant refreshedAt, int slot, Duration interval) {
        long period = interval.toMillis();
        long offset = slot * period / SLOTS;
        long earliest = refreshedAt.toEpochMilli() + period / 2;
        long candidate = Math.floorDiv(earliest, period) * period + offset;
        if (candidate <= earliest) {
            candidate += period;
        }
        return Instant.ofEpochMilli(candidate);
    }
}
