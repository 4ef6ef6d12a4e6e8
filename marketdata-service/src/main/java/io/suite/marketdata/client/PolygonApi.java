package io.suite.marketdata.client;

import java.util.Map;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.suite.resilience.upstream.UpstreamErrorMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Polygon/Massive REST API. Bodies come back as text so {@link PolygonClient} parses prices straight into BigDecimal
 * (never through a double). The key travels in the Authorization header only.
 */
@RegisterRestClient(configKey = "polygon")
@RegisterProvider(UpstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
interface PolygonApi {

    @GET
    @Path("/v2/last/trade/{ticker}")
    Uni<String> lastTrade(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker);

    @GET
    @Path("/v2/last/nbbo/{ticker}")
    Uni<String> lastNbbo(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker);

    /** Option-chain snapshot; also serves the chain's next_url pages (same path, a cursor in the query). */
    @GET
    @Path("/v3/snapshot/options/{underlying}")
    Uni<String> optionChain(@HeaderParam("Authorization") String authorization, @PathParam("underlying") String underlying,
            @RestQuery Map<String, String> query);

    /** Aggregates; next_url pages keep this path shape with a later {@code from} and a cursor. */
    @GET
    @Path("/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}")
    Uni<String> aggregates(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker,
            @PathParam("multiplier") String multiplier, @PathParam("timespan") String timespan,
            @PathParam("from") String from, @PathParam("to") String to, @RestQuery Map<String, String> query);
}
