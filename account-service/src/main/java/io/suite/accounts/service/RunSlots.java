package io.suite.accounts.service;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The sync runs this instance has admitted and not finished, in total and per user. Taking a slot is one atomic step
 * (the check and the count together), so a burst of requests cannot pass the caps between a check and its increment, and
 * one user holds at most {@code perUser} of them, so the others' requests still find room.
 */
final class RunSlots {

    enum Outcome {
        TAKEN,
        INSTANCE_FULL,
        USER_FULL
    }

    private final int total;
    private final int perUser;
    private final Map<UUID, Integer> byUser = new HashMap<>();
    private int taken;

    RunSlots(int total, int perUser) {
        this.total = total;
        this.perUser = perUser;
    }

    synchronized Outcome take(UUID user) {
        if (byUser.getOrDefault(user, 0) >= perUser) {
            return Outcome.USER_FULL;
        }
        if (taken >= total) {
            return Outcome.INSTANCE_FULL;
        }
        taken++;
        byUser.merge(user, 1, Integer::sum);
        return Outcome.TAKEN;
    }

    synchronized void release(UUID user) {
        taken = Math.max(0, taken - 1);
        byUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int taken() {
        return taken;
    }
}
