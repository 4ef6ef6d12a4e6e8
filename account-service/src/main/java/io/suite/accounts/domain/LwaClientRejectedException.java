package io.suite.accounts.domain;

import io.suite.resilience.problem.ProblemException;

/**
 * Login with Amazon refused this service's own credentials ({@code invalid_client}: a wrong client id or secret). An
 * operator's configuration error, not a user's and not a passing failure: no retry helps until the configuration is
 * corrected. Clients get a 503 that says so; {@link #reason()} is LWA's code and description, never a secret.
 */
public class LwaClientRejectedException extends ProblemException {

    public static final String SLUG = "upstream-credentials-rejected";

    private final String reason;

    public LwaClientRejectedException(String reason) {
        super(503, SLUG, "Login with Amazon refused this service's credentials",
                "Login with Amazon refused this service's client id or secret (" + reason + "); an operator must correct"
                        + " ACCOUNTS_LWA_CLIENT_ID / ACCOUNTS_LWA_CLIENT_SECRET",
                null);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
