package io.suite.resilience.testapp;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.upstream.UpstreamErrorMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The kind of package-private client interface a service writes, with the shared error mapper in one line. */
@RegisterRestClient(configKey = "wiremock")
@RegisterProvider(UpstreamErrorMapper.class)
@Path("/things")
interface ThingClient {

    @GET
    @Path("/{id}")
    Uni<String> get(@PathParam("id") String id);
}
