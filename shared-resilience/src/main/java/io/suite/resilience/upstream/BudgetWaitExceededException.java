package io.suite.resilience.upstream;

import java.time.Duration;

/** Our shared rate budget would only grant a permit after the caller's maximum wait. */
public final class BudgetWaitExceededException extends UpstreamRateLimitedException {

    public BudgetWaitExceededException(String upstream, String budget, Duration wait, Duration maxWait) {
        super(upstream, 0, "RateBudgetExhausted",
                "rate budget '" + budget + "' has no permit within " + maxWait.toMillis() + " ms", wait);
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
