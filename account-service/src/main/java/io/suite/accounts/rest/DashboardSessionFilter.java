package io.suite.accounts.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.rest.DashboardResource.Templates;
import io.suite.accounts.security.CsrfTokens;
import io.suite.accounts.service.DashboardViews.BatchView;
import io.suite.accounts.service.DashboardViews.Failure;
import io.suite.resilience.params.StrictIds;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The dashboard's one session check, before every {@link SignedIn} operation. Signed-in means the API's JWT, from the
 * session cookie or the Authorization header; without one a page request gets the sign-in page (401) and an htmx
 * request a 401 with {@code HX-Redirect}. A POST must also carry the session's CSRF token, as the {@code X-CSRF-Token}
 * header (htmx) or the {@code _csrf} form field, or it gets the "form has expired" panel (403).
 */
public class DashboardSessionFilter {

    static final String HX_REQUEST = "HX-Request";

    /** The signed-in caller, or why there is none. */
    record Caller(UUID id, long issuedAt, String problem) {
        boolean anonymous() {
            return id == null;
        }
    }

    @Inject
    CurrentIdentityAssociation identity;

    @Inject
    DashboardCaller caller;

    @Inject
    CsrfTokens csrf;

    @Inject
    SignInPages signInPages;

    @SignedIn
    @WithFormRead
    @ServerRequestFilter
    public Uni<Response> requireSession(ContainerRequestContext request) {
        boolean post = HttpMethod.POST.equals(request.getMethod());
        String givenCsrfToken = post ? csrfToken(request) : null;
        return identity.getDeferredIdentity().map(DashboardSessionFilter::callerOf)
                // a token that fails verification (forged, expired, signed out) is "session ended", not an error page
                .onFailure().recoverWithItem(e -> new Caller(null, 0, SignInPages.SESSION_ENDED))
                .map(c -> {
                    if (c.anonymous()) {
                        return request.getHeaderString(HX_REQUEST) != null ? SignInPages.fragment()
                                : signInPages.page(c.problem(), nextAfterSignIn(request), 401);
                    }
                    caller.signedIn(c.id(), c.issuedAt());
                    if (post && !csrf.valid(c.id(), c.issuedAt(), givenCsrfToken)) {
                        return DashboardResource.html(Templates.batch(new BatchView(null, List.of(), null, null, false, List.of(),
                                new Failure(403, "invalid", "This form has expired", "Reload the page and try again.", null, null)),
                                csrf.tokenFor(c.id(), c.issuedAt())), 403);
                    }
                    return null;
                });
    }

    static Caller callerOf(SecurityIdentity id) {
        if (id == null || id.isAnonymous() || !(id.getPrincipal() instanceof JsonWebToken jwt)) {
            return new Caller(null, 0, null);
        }
        if (!StrictIds.isCanonical(jwt.getSubject())) {
            return new Caller(null, 0, "This sign-in does not name a user. Sign in again.");
        }
        return new Caller(UUID.fromString(jwt.getSubject()), jwt.getIssuedAtTime(), null);
    }

    /** The header wins over the form field, as htmx sends both when a form includes the field. */
    private static String csrfToken(ContainerRequestContext request) {
        String header = request.getHeaderString(CsrfTokens.HEADER);
        if (header != null) {
            return header;
        }
        // the form was read before this filter (@WithFormRead) into the request's context, which only Quarkus REST's own
        // API reaches (read here, before the filter's Uni, while the request is the current one)
        Object field = CurrentRequestManager.get().getFormParameter(CsrfTokens.FIELD, true, false);
        return field == null ? null : field.toString();
    }

    /** The page asked for, with its filters, so signing in leads back to it; anything else leads to the dashboard. */
    static String nextAfterSignIn(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!"dashboard".equals(path.replaceAll("^/+|/+$", ""))) {
            return "/dashboard";
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        StringBuilder b = new StringBuilder("/dashboard");
        String sep = "?";
        for (String name : List.of("status", "q", "sort", "order", "size")) {
            String value = query.getFirst(name);
            if (value != null && !value.isBlank()) {
                b.append(sep).append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                sep = "&";
            }
        }
        return b.toString();
    }
}
