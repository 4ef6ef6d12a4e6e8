package io.suite.accounts.rest;

import java.net.URI;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.service.ConnectService;
import io.suite.resilience.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/auth/amazon")
@Tag(name = "Amazon connection")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    ConnectService connect;

    @Inject
    CurrentUser user;

    @Inject
    AccountsConfig config;

    @GET
    @Path("/authorize")
    @Authenticated
    @Operation(summary = "Redirect to Login with Amazon to connect the caller's Ads accounts (signed state)")
    @APIResponse(responseCode = "303", description = "Location: the LWA consent page")
    public Response authorize() {
        return Response.seeOther(connect.authorizeUrl(user.id())).build();
    }

    /** LWA redirects the browser here: no bearer token, the signed state names the user. */
    @GET
    @Path("/callback")
    @Operation(summary = "LWA callback: exchanges the code and stores the tokens (encrypted)")
    @APIResponse(responseCode = "200", description = "Connected")
    @APIResponse(responseCode = "400", description = "Missing code, bad or expired state, or the user declined")
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String errorDescription,
            @HeaderParam("Accept") String accept) {
        if (error != null) {
            connect.userOf(state); // a forged callback is still refused as such
            throw ProblemException.invalidField("error", "Login with Amazon answered " + error
                    + (errorDescription == null ? "" : " (" + errorDescription.replaceAll("[^\\w .,-]", "") + ")"));
        }
        // a browser (the dashboard's "reconnect") goes back to the dashboard; an API client gets JSON
        boolean browser = accept != null && accept.contains("text/html");
        return connect.complete(code, state).map(tokenId -> config.lwa().successRedirect()
                .map(url -> Response.seeOther(URI.create(url)).build())
                // relative, as given: the gateway's host is the browser's, not the one this service sees
                .or(() -> browser ? java.util.Optional.of(DashboardResource.seeOther("/dashboard?connected=1").build())
                        : java.util.Optional.empty())
                .orElseGet(() -> Response.ok(Map.of("connected", true, "connectionId", tokenId.toString())).build()));
    }
}
