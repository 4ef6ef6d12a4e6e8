package io.suite.accounts.rest;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.service.TokenService;
import io.suite.resilience.openapi.ProblemResponsesFilter;
import io.suite.resilience.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/tokens")
@Tag(name = "Tokens (admin)")
@APIResponse(responseCode = "403",
        description = "Signed in by the dashboard's session cookie without its X-CSRF-Token header, or not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                @ExampleObject(name = "csrf-token-required", value = ProblemExamples.CSRF_TOKEN_REQUIRED),
                @ExampleObject(name = "forbidden", value = ProblemExamples.FORBIDDEN) }))
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    TokenService tokens;

    @POST
    @Path("/{id}/refresh")
    @RolesAllowed("admin")
    @Operation(summary = "Force one refresh of a stored LWA token now (admin); the reply never contains a token")
    @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "lwa")
    @APIResponse(responseCode = "200", description = "The token's id and the refresh outcome")
    @APIResponse(responseCode = "409", description = "The token is being refreshed right now, or Login with Amazon refused the"
            + " grant (reconnect)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "conflict", value = ProblemExamples.TOKEN_BEING_REFRESHED),
                    @ExampleObject(name = "reauthorization-required", value = ProblemExamples.REAUTHORIZATION_REQUIRED) }))
    @APIResponse(responseCode = "503", description = "A refresh is still pending or failed transiently, Login with Amazon or the"
            + " database is unavailable; Retry-After when known",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = {
                    @ExampleObject(name = "token-refresh-pending", value = ProblemExamples.TOKEN_REFRESH_PENDING),
                    @ExampleObject(name = "token-refresh-failed", value = ProblemExamples.TOKEN_REFRESH_FAILED),
                    @ExampleObject(name = "upstream-unavailable", value = ProblemExamples.UPSTREAM_UNAVAILABLE),
                    @ExampleObject(name = "database-unavailable", value = ProblemExamples.DATABASE_UNAVAILABLE) }))
    public Uni<Map<String, String>> refresh(@PathParam("id") UUID id) {
        return tokens.forceRefresh(id).map(outcome -> Map.of("id", id.toString(), "outcome", outcome.name().toLowerCase()));
    }
}
