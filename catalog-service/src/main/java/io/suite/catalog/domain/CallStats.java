package io.suite.catalog.domain;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the attempts the guard made for one logical call (its retries are attempts - 1). */
public final class CallStats {

    private final AtomicInteger attempts = new AtomicInteger();

    public void attempt() {
        attempts.incrementAndGet();
    }

    public int attempts() {
        return attempts.get();
    }

    public int retries() {
        return Math.max(0, attempts.get() - 1);
    }
}
