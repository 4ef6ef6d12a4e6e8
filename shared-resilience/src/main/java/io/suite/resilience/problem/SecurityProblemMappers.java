package io.suite.resilience.problem;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * 401 and 403 as problem+json like every other error, keeping the bearer challenge. Services run with
 * {@code quarkus.http.auth.proactive=false}, so a missing, forged or expired token reaches these mappers.
 */
public class SecurityProblemMappers {

    private static final String CHALLENGE = "Bearer";

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return challenge(uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return challenge(uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemMappers.respond(403, "forbidden", "Forbidden",
                "Your credentials do not allow this operation", uri);
    }

    private static Response challenge(UriInfo uri) {
        Response problem = ProblemMappers.respond(401, "unauthorized", "Unauthorized",
                "A valid bearer token is required", uri);
        return Response.fromResponse(problem).header("WWW-Authenticate", CHALLENGE).build();
    }
}
