package io.suite.accounts.client;

import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.upstream.UpstreamErrorMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

/**
 * Amazon Ads API (UPSTREAMS §2). The regional host is chosen per call ({@link Url}); the request body is sent as a
 * string so the vendor media type goes on the wire exactly as written; replies bind to {@link AdsReplies}.
 */
@RegisterRestClient(configKey = "ads")
@RegisterProvider(UpstreamErrorMapper.class)
interface AdsApi {

    String LIST_ACCOUNTS = "application/vnd.listaccountsresource.v1+json";
    String ACCOUNT = "application/vnd.accountresource.v1+json";

    /** The method is POST (the seed documented a GET: wrong). No scope header. */
    @POST
    @Path("/adsAccounts/list")
    @Consumes(LIST_ACCOUNTS)
    @Produces(LIST_ACCOUNTS)
    Uni<AdsReplies.AdsPage> listAccounts(@Url String baseUrl, @HeaderParam("Authorization") String bearer,
            @HeaderParam("Amazon-Advertising-API-ClientId") String clientId, String body);

    @GET
    @Path("/adsAccounts/{id}")
    @Produces(ACCOUNT)
    Uni<JsonNode> getAccount(@Url String baseUrl, @HeaderParam("Authorization") String bearer,
            @HeaderParam("Amazon-Advertising-API-ClientId") String clientId, @PathParam("id") String adsAccountId);

    /** Unpaged upstream (at most 5000 items), only this host's region. No scope header. */
    @GET
    @Path("/v2/profiles")
    @Produces("application/json")
    Uni<List<JsonNode>> profiles(@Url String baseUrl, @HeaderParam("Authorization") String bearer,
            @HeaderParam("Amazon-Advertising-API-ClientId") String clientId);
}
