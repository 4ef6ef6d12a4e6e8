package io.suite.accounts.rest;

import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.service.TokenService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/tokens")
@Tag(name = "Tokens (admin)")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    TokenService tokens;

    @POST
    @Path("/{id}/refresh")
    @RolesAllowed("admin")
    @Operation(summary = "Force one refresh of a stored LWA token now (admin); the reply never contains a token")
    public Uni<Map<String, String>> refresh(@PathParam("id") UUID id) {
        return tokens.forceRefresh(id).map(outcome -> Map.of("id", id.toString(), "outcome", outcome.name().toLowerCase()));
    }
}
