package io.suite.catalog.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.upstream.UpstreamErrorMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Creators API catalog calls; the marketplace goes in the {@code x-marketplace} header, not the body. */
@RegisterRestClient(configKey = "creators")
@RegisterProvider(UpstreamErrorMapper.class)
@Path("/catalog/v1")
interface CreatorsRestClient {

    @POST
    @Path("/getItems")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> getItems(@HeaderParam("Authorization") String authorization,
            @HeaderParam("x-marketplace") String marketplace, String body);
}
