package io.suite.accounts.domain;

import io.suite.resilience.problem.ProblemException;

/**
 * LWA answered invalid_grant (consent revoked or code expired) or we hold no usable refresh token: the user must
 * reconnect. Reaches clients as a 409 problem that says how; {@link #reason()} is what happened, for logs and history.
 */
public class ReauthorizationRequiredException extends ProblemException {

    public static final String SLUG = "reauthorization-required";

    /** Where the user reconnects: {@code reconnect=true}, since the refused connection still exists. */
    public static final String RECONNECT_PATH = "/api/v1/auth/amazon/authorize?reconnect=true";

    private final String reason;

    public ReauthorizationRequiredException(String reason) {
        super(409, SLUG, "Amazon connection needs re-authorisation",
                "Connect the Amazon account again: GET " + RECONNECT_PATH, null);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
