package io.suite.resilience.lease;

import java.time.Instant;

/** A claimed work item: its id, the version the claim wrote (the write-back must match it) and its due time. */
public record Lease(Object id, long version, Instant dueAt, String owner) {
}
