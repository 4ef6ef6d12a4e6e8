package io.suite.accounts.rest;

/**
 * Examples of the problem types only account-service answers, for {@code @ExampleObject} on the operations that answer
 * them (the shared OpenAPI filter adds the generic example of a status only where an operation gives none).
 */
final class ProblemExamples {

    private static final String CORRELATION = ",\"correlation_id\":\"3f2a9c4e-8b1d-4f6a-9e2b-7c5d1a0b8e4f\"}";

    static final String REAUTHORIZATION_REQUIRED = "{\"type\":\"urn:problem-type:reauthorization-required\","
            + "\"title\":\"Amazon connection needs re-authorisation\",\"status\":409,"
            + "\"detail\":\"Connect the Amazon account again: GET /api/v1/auth/amazon/authorize?reconnect=true\"" + CORRELATION;

    static final String ALREADY_CONNECTED = "{\"type\":\"urn:problem-type:conflict\",\"title\":\"Conflict\",\"status\":409,"
            + "\"detail\":\"An Amazon account is already connected; to replace it, reconnect explicitly"
            + " (GET /api/v1/auth/amazon/authorize?reconnect=true, or Reconnect in the dashboard)\"" + CORRELATION;

    static final String CONNECT_FLOW_MISMATCH = "{\"type\":\"urn:problem-type:connect-flow-mismatch\","
            + "\"title\":\"Connection started elsewhere\",\"status\":403,\"detail\":\"This Amazon connection was started by"
            + " another user or in another browser; start it again from your own dashboard or client\"" + CORRELATION;

    static final String UNAUTHORIZED = "{\"type\":\"urn:problem-type:unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"A valid bearer token is required\"" + CORRELATION;

    static final String FORBIDDEN = "{\"type\":\"urn:problem-type:forbidden\",\"title\":\"Forbidden\",\"status\":403,"
            + "\"detail\":\"Your credentials do not allow this operation\"" + CORRELATION;

    static final String CSRF_TOKEN_REQUIRED = "{\"type\":\"urn:problem-type:csrf-token-required\",\"title\":\"CSRF token required\","
            + "\"status\":403,\"detail\":\"The API takes a bearer token (Authorization header); signed in by the session cookie"
            + " alone it needs the session's X-CSRF-Token header\"" + CORRELATION;

    static final String INVALID_STATE = "{\"type\":\"urn:problem-type:invalid-input\",\"title\":\"Invalid input\",\"status\":400,"
            + "\"detail\":\"state: has already been used; start the connection again\","
            + "\"errors\":[{\"field\":\"state\",\"message\":\"has already been used; start the connection again\"}]" + CORRELATION;

    static final String LWA_REJECTED = "{\"type\":\"urn:problem-type:upstream-rejected\",\"title\":\"Upstream rejected the request\","
            + "\"status\":502,\"detail\":\"Upstream lwa rejected the request (400 invalid_request): The request is missing a required parameter : code_verifier\""
            + CORRELATION;

    static final String TOO_MANY_SYNCS = "{\"type\":\"urn:problem-type:too-many-requests\",\"title\":\"Too many requests\","
            + "\"status\":429,\"detail\":\"You already have 4 sync runs going; try again when one has finished\"" + CORRELATION;

    static final String OVER_ADS_SHARE = "{\"type\":\"urn:problem-type:too-many-requests\",\"title\":\"Too many requests\","
            + "\"status\":429,\"detail\":\"You are over your share of the ads request budget; other users are still served."
            + " Try again after the Retry-After delay\"" + CORRELATION;

    static final String SYNC_BUSY = "{\"type\":\"urn:problem-type:busy\",\"title\":\"Service busy\",\"status\":503,"
            + "\"detail\":\"This instance is already running 50 sync runs; try again shortly\"" + CORRELATION;

    static final String DATABASE_UNAVAILABLE = "{\"type\":\"urn:problem-type:database-unavailable\","
            + "\"title\":\"Database unavailable\",\"status\":503,"
            + "\"detail\":\"The service's database cannot be reached right now; try again shortly\"" + CORRELATION;

    static final String TOKEN_BEING_REFRESHED = "{\"type\":\"urn:problem-type:conflict\",\"title\":\"Conflict\",\"status\":409,"
            + "\"detail\":\"token 123e4567-e89b-12d3-a456-426614174000 is being refreshed right now\"" + CORRELATION;

    static final String TOKEN_REFRESH_PENDING = "{\"type\":\"urn:problem-type:token-refresh-pending\","
            + "\"title\":\"Token refresh in progress\",\"status\":503,"
            + "\"detail\":\"The Amazon token is being refreshed; try again shortly\"" + CORRELATION;

    static final String TOKEN_REFRESH_FAILED = "{\"type\":\"urn:problem-type:token-refresh-failed\","
            + "\"title\":\"Token refresh failed\",\"status\":503,"
            + "\"detail\":\"The Amazon token could not be refreshed; try again later\"" + CORRELATION;

    static final String UPSTREAM_UNAVAILABLE = "{\"type\":\"urn:problem-type:upstream-unavailable\","
            + "\"title\":\"Upstream unavailable\",\"status\":503,\"detail\":\"Upstream lwa is unavailable\"" + CORRELATION;

    private ProblemExamples() {
    }
}
