package io.suite.resilience.upstream;

import java.time.Duration;

/**
 * The subject a call is made for (e.g. the user) has used up its fair share of a shared budget: that caller gets 429 with
 * Retry-After while everyone else is still served. Local (the upstream was not called), so never retried or cooled down.
 * The subject is kept for the code that coalesces calls of several subjects, never put in the message (logs, problems).
 */
public final class SubjectQuotaExceededException extends UpstreamRateLimitedException {

    private final String budget;
    private final String subject;

    public SubjectQuotaExceededException(String upstream, String budget, String subject, Duration wait) {
        super(upstream, 0, "SubjectQuotaExceeded", "the caller's share of rate budget '" + budget + "' has no permit for "
                + Math.max(1, (wait.toMillis() + 999) / 1000) + " s", wait);
        this.budget = budget;
        this.subject = subject;
    }

    public String budget() {
        return budget;
    }

    /** Whose share it is; compare, do not log. */
    public String subject() {
        return subject;
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
