package io.suite.sandbox.control;

import static io.suite.sandbox.control.ControlReplies.bad;

import java.time.Duration;
import java.util.Map;

import io.suite.sandbox.support.SandboxClock;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Control API: the sandbox clock, moved forward by tests. */
@Path("/_control/clock")
@Produces(MediaType.APPLICATION_JSON)
public class ClockControlResource {

    @Inject
    SandboxClock clock;

    public record ClockBody(Double seconds) {
    }

    @GET
    public Map<String, Object> clock() {
        return Map.of("now", clock.instant().toString(), "offsetMillis", clock.offsetMillis());
    }

    @POST
    @Path("/advance")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response advance(ClockBody body) {
        if (body == null || body.seconds() == null || body.seconds() < 0) {
            return bad("give {\"seconds\": n} with n >= 0");
        }
        clock.advance(Duration.ofMillis(Math.round(body.seconds() * 1000)));
        return Response.ok(clock()).build();
    }

    @DELETE
    public Response resetClock() {
        clock.reset();
        return Response.noContent().build();
    }
}
