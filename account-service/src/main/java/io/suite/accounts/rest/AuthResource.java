package io.suite.accounts.rest;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.service.ConnectService;
import io.suite.resilience.openapi.ProblemResponsesFilter;
import io.suite.resilience.params.StrictIds;
import io.suite.resilience.problem.Problem;
import io.suite.resilience.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/api/v1/auth/amazon")
@Tag(name = "Amazon connection")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    ConnectService connect;

    @Inject
    CurrentUser user;

    @Inject
    CurrentIdentityAssociation identity;

    @Inject
    AccountsConfig config;

    @GET
    @Path("/authorize")
    @Authenticated
    @Operation(summary = "Redirect to Login with Amazon to connect the caller's Ads accounts (signed state, PKCE, and a cookie"
            + " binding the flow to this client)")
    @APIResponse(responseCode = "303", description = "Location: the LWA consent page; Set-Cookie: the flow cookie the callback needs")
    @APIResponse(responseCode = "403", description = "Signed in by the dashboard's session cookie without its X-CSRF-Token header",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "csrf-token-required", value = ProblemExamples.CSRF_TOKEN_REQUIRED) }))
    @APIResponse(responseCode = "409", description = "An Amazon account is already connected and reconnect is not true",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "conflict",
                    value = ProblemExamples.ALREADY_CONNECTED)))
    public Uni<Response> authorize(@Parameter(
            description = "true to replace a working connection (explicit reconnect)") @QueryParam("reconnect") @DefaultValue("false") boolean reconnect) {
        return connect.start(user.id(), reconnect).map(started -> Response.seeOther(started.location())
                .cookie(flowCookie(started.browserSecret(), (int) started.ttl().toSeconds())).build());
    }

    /**
     * LWA redirects the browser here. The caller must be the user who started the flow, in the client that holds its
     * flow cookie. A browser arriving from Amazon without its SameSite=Strict session cookie (a cross-site redirect) is
     * sent to the same URL once more from our own page, where the cookie is sent.
     */
    @GET
    @Path("/callback")
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_HTML })
    @Operation(summary = "LWA callback: checks the flow (user, browser, single use), exchanges the code with its PKCE verifier"
            + " and stores the tokens (encrypted)")
    @APIResponse(responseCode = "200", description = "Connected (JSON), or for a browser arriving without its session: a page"
            + " that repeats the request from this site")
    @APIResponse(responseCode = "303", description = "A browser (Accept: text/html) goes back to the dashboard, with the outcome")
    @APIResponse(responseCode = "400", description = "Missing or refused code, bad, expired or already used state, or the user declined",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "invalid-input",
                    value = ProblemExamples.INVALID_STATE)))
    @APIResponse(responseCode = "401", description = "Not signed in", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(name = "unauthorized", value = ProblemExamples.UNAUTHORIZED)))
    @APIResponse(responseCode = "403", description = "The flow was started by another user or in another client",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "connect-flow-mismatch",
                    value = ProblemExamples.CONNECT_FLOW_MISMATCH)))
    @APIResponse(responseCode = "409", description = "An Amazon account is already connected and the flow was not a reconnect",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "conflict",
                    value = ProblemExamples.ALREADY_CONNECTED)))
    @APIResponse(responseCode = "502", description = "Login with Amazon refused the code exchange (other than invalid_grant,"
            + " which is a 400 naming code) or returned no token",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "upstream-rejected", value = ProblemExamples.LWA_REJECTED)))
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "lwa")
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String errorDescription,
            @QueryParam("resumed") String resumed, @HeaderParam("Accept") String accept,
            @CookieParam(ConnectService.FLOW_COOKIE) String browserSecret, @Context UriInfo uri) {
        // a browser (the dashboard's connect) goes back to the dashboard; an API client gets JSON
        boolean browser = accept != null && accept.contains("text/html");
        try {
            connect.checkState(state); // forged, altered or expired: refused before anything else
        } catch (ProblemException e) {
            if (browser) {
                return Uni.createFrom().item(toDashboard(outcome(e), browserSecret));
            }
            throw e;
        }
        if (error != null) {
            ProblemException declined = ProblemException.invalidField("error", "Login with Amazon answered " + error
                    + (errorDescription == null ? "" : " (" + errorDescription.replaceAll("[^\\w .,-]", "") + ")"));
            if (browser) {
                return Uni.createFrom().item(toDashboard("declined", browserSecret));
            }
            throw declined;
        }
        return signedInUser().chain(signedIn -> {
            if (signedIn.isEmpty()) {
                if (browser && resumed == null) {
                    return Uni.createFrom().item(resumeFromThisSite(uri));
                }
                if (browser) {
                    return Uni.createFrom().item(DashboardResource.seeOther("/dashboard/sign-in?expired=1").build());
                }
                return Uni.createFrom().failure(new UnauthorizedException("the callback needs the signed-in user"));
            }
            return Uni.createFrom().deferred(() -> connect.complete(code, state, signedIn.get(), browserSecret)).map(tokenId -> {
                Response.ResponseBuilder done = config.lwa().successRedirect()
                        .map(url -> Response.seeOther(URI.create(url)))
                        // relative, as given: the gateway's host is the browser's, not the one this service sees
                        .or(() -> browser ? Optional.of(DashboardResource.seeOther("/dashboard?connected=1")) : Optional.empty())
                        .orElseGet(() -> Response.ok(Map.of("connected", true, "connection_id", tokenId.toString()),
                                MediaType.APPLICATION_JSON_TYPE));
                return done.cookie(flowCookie("", 0)).build();
            }).onFailure(e -> browser && e instanceof ProblemException).recoverWithItem(e -> toDashboard(
                    outcome((ProblemException) e), browserSecret));
        });
    }

    /** The signed-in user, from the bearer header or the session cookie; empty when there is none or it is not valid. */
    private Uni<Optional<UUID>> signedInUser() {
        return identity.getDeferredIdentity().map(AuthResource::userOf)
                .onFailure().recoverWithItem(Optional.empty());
    }

    private static Optional<UUID> userOf(SecurityIdentity id) {
        if (id == null || id.isAnonymous() || !(id.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        // only a canonical UUID names a user (UUID.fromString would also take 1-1-1-1-1)
        return StrictIds.isCanonical(jwt.getSubject()) ? Optional.of(UUID.fromString(jwt.getSubject())) : Optional.empty();
    }

    /** What the dashboard says about a refused callback (its connect_error parameter). */
    static String outcome(ProblemException e) {
        if (e.status() == 403) {
            return "mismatch";
        }
        if (e.status() == 409) {
            return "connected";
        }
        boolean code = e.errors() != null && e.errors().stream().anyMatch(f -> "code".equals(f.field()));
        return e.status() == 400 ? (code ? "code" : "state") : "failed";
    }

    private Response toDashboard(String outcome, String browserSecret) {
        Response.ResponseBuilder r = DashboardResource.seeOther("/dashboard?connect_error=" + outcome);
        if (browserSecret != null) {
            r.cookie(flowCookie("", 0));
        }
        return r.build();
    }

    /**
     * The same callback again, requested by a page of ours: LWA's redirect is cross-site, so the browser left out the
     * SameSite=Strict session cookie; a navigation started here is same-site and carries it.
     */
    private static Response resumeFromThisSite(UriInfo uri) {
        String again = uri.getRequestUri().getRawPath() + "?" + uri.getRequestUri().getRawQuery() + "&resumed=1";
        String attr = again.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url="
                + attr + "\"><title>Connecting your Amazon account</title></head><body><main><p>Connecting your Amazon account"
                + "\u2026</p><p><a href=\"" + attr + "\">Continue</a></p></main></body></html>";
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).cacheControl(DashboardResource.noStore())
                .header("Referrer-Policy", "no-referrer").build();
    }

    private NewCookie flowCookie(String value, int maxAge) {
        return FlowCookie.of(config, value, maxAge);
    }
}
