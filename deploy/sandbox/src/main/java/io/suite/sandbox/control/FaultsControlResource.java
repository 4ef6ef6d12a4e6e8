package io.suite.sandbox.control;

import static io.suite.sandbox.control.ControlReplies.bad;

import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Control API: the faults each imitated API injects. */
@Path("/_control/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultsControlResource {

    static final Set<String> APIS = Set.of(Counters.APIS);

    @Inject
    Faults faults;

    @GET
    public Map<String, Object> allFaults() {
        return faults.describe();
    }

    @PUT
    @Path("/{api}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setFault(@PathParam("api") String api, FaultSettings settings) {
        if (!APIS.contains(api)) {
            return bad("unknown api " + api + "; known: " + APIS);
        }
        if (settings == null) {
            return bad("a JSON body is required");
        }
        try {
            faults.set(api, settings);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        return Response.ok(faults.describe()).build();
    }

    @DELETE
    @Path("/{api}")
    public Response clearFault(@PathParam("api") String api) {
        if (!APIS.contains(api)) {
            return bad("unknown api " + api);
        }
        faults.clear(api);
        return Response.noContent().build();
    }

    @DELETE
    public Response clearFaults() {
        faults.clearAll();
        return Response.noContent().build();
    }
}
