package io.suite.sandbox.control;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Control API: the calls counted per imitated API. */
@Path("/_control/counters")
@Produces(MediaType.APPLICATION_JSON)
public class CountersControlResource {

    @Inject
    Counters counters;

    @GET
    public Map<String, Object> counters() {
        return counters.snapshot();
    }

    @POST
    @Path("/reset")
    public Response resetCounters() {
        counters.reset();
        return Response.noContent().build();
    }
}
