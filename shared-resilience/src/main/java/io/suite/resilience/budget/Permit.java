package io.suite.resilience.budget;

import java.time.Duration;
import java.time.Instant;

/** The answer of one take: granted, or how long to wait before the budget can grant. */
public record Permit(boolean granted, Duration retryIn, Instant decidedAt) {
}
