package io.suite.resilience.upstream;

import java.time.Duration;

/** Our shared rate budget would only grant a permit after the caller's maximum wait. */
public final class BudgetWaitExceededException extends UpstreamRateLimitedException {

    public BudgetWaitExceededException(String upstream, String budget, Duration wait, Duration maxWait) {
        super(upstream, 0, "RateBudgetExhausted",
                "rate budget '" + budget + "' has no permit within " + maxWait.toMillis() + " ms", wait);
    }

    private BudgetWaitExceededException(String upstream, int limit) {
        super(upstream, 0, "QueueFull", limit + " calls are already waiting for this upstream", Duration.ofSeconds(1));
    }

    /** The guard already holds its maximum of waiting calls. */
    public static BudgetWaitExceededException queueFull(String upstream, int limit) {
        return new BudgetWaitExceededException(upstream, limit);
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
