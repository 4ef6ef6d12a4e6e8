package io.suite.marketdata.service;

import java.time.Duration;
import java.time.Instant;

/** A value with where it came from and how old it is, so responses can say so (body fields and the Age header). */
public record Cached<T>(T value, Source source, boolean stale, Instant fetchedAt, Duration age) {

    public enum Source {
        /** fetched from the upstream for this request */
        UPSTREAM,
        /** the in-process cache */
        MEMORY,
        /** the shared Postgres cache */
        DATABASE
    }

    public long ageSeconds() {
        return Math.max(0, age.toSeconds());
    }
}
