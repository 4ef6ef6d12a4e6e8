package io.suite.accounts.rest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.security.CsrfTokens;
import io.suite.resilience.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * The JSON API takes a bearer token. The dashboard's session cookie is sent by the browser on its own, also on a request
 * another site makes it send, so on {@code /api/v1} a request that carries the cookie must also carry the session's CSRF
 * token ({@code X-CSRF-Token}), or it is refused (403) before anything runs: with the cookie present the session is the
 * caller, whatever else the request has. The LWA callback is the exception:
 * the browser arrives there from Amazon, and the flow's own binding (state, flow cookie, user) protects it.
 */
public class ApiSessionCookieFilter {

    static final String API = "/api/v1/";
    static final String CALLBACK = "/api/v1/auth/amazon/callback";

    @Inject
    CurrentIdentityAssociation identity;

    @Inject
    CsrfTokens csrf;

    @Inject
    AccountsConfig config;

    @ServerRequestFilter
    public Uni<Response> cookieNeedsCsrfToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        // with the cookie present the session it carries is the caller (smallrye-jwt reads the cookie before the header)
        if (!path.startsWith(API) || path.equals(CALLBACK) || !request.getCookies().containsKey(config.dashboard().cookieName())) {
            return Uni.createFrom().nullItem();
        }
        String given = request.getHeaderString(CsrfTokens.HEADER);
        return identity.getDeferredIdentity().map(DashboardSessionFilter::callerOf)
                .onFailure().recoverWithItem(new DashboardSessionFilter.Caller(null, 0, null))
                .map(caller -> {
                    if (caller.anonymous() || csrf.valid(caller.id(), caller.issuedAt(), given)) {
                        return null; // no valid session: the operation's own security answers (401)
                    }
                    throw new ProblemException(403, "csrf-token-required", "CSRF token required",
                            "The API takes a bearer token (Authorization header); signed in by the session cookie alone it needs"
                                    + " the session's " + CsrfTokens.HEADER + " header",
                            null);
                });
    }
}
