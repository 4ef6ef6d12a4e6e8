package io.suite.accounts.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.upstream.UpstreamErrorMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

/** Login with Amazon token endpoint (UPSTREAMS §1): form-encoded POST, JSON reply. */
@RegisterRestClient(configKey = "lwa")
@RegisterProvider(UpstreamErrorMapper.class)
@Path("/auth/o2/token")
interface LwaApi {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<LwaTokenReply> token(MultivaluedMap<String, String> form);
}
