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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Polygon/Massive REST API: every reply binds to a typed {@link PolygonReplies} record (numbers straight into
 * BigDecimal, never through a double). The key travels in the Authorization header only.
 */
@RegisterRestClient(configKey = "polygon")
@RegisterProvider(UpstreamErrorMapper.class)
@Produces(MediaType.APPLICATION_JSON)
interface PolygonApi {

    @GET
    @Path("/v2/last/trade/{ticker}")
    Uni<PolygonReplies.LastTrade> lastTrade(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker);

    @GET
    @Path("/v2/last/nbbo/{ticker}")
    Uni<PolygonReplies.LastNbbo> lastNbbo(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker);

    /** Option-chain snapshot; also serves the chain's next_url pages (same path, a cursor in the query). */
    @GET
    @Path("/v3/snapshot/options/{underlying}")
    Uni<PolygonReplies.OptionsSnapshotPage> optionChain(@HeaderParam("Authorization") String authorization,
            @PathParam("underlying") String underlying,
            @RestQuery Map<String, String> query);

    /** Aggregates; next_url pages keep this path shape with a later {@code from} and a cursor. */
    @GET
    @Path("/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}")
    Uni<PolygonReplies.Aggs> aggregates(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker,
            @PathParam("multiplier") String multiplier, @PathParam("timespan") String timespan,
            @PathParam("from") String from, @PathParam("to") String to, @RestQuery Map<String, String> query);

    /** The previous session's bar of any ticker (stocks, indices, crypto, forex): on the free plan. */
    @GET
    @Path("/v2/aggs/ticker/{ticker}/prev")
    Uni<PolygonReplies.Aggs> previousClose(@HeaderParam("Authorization") String authorization, @PathParam("ticker") String ticker,
            @QueryParam("adjusted") boolean adjusted);

    /** Every US stock's bar of one past session in one call. */
    @GET
    @Path("/v2/aggs/grouped/locale/us/market/stocks/{date}")
    Uni<PolygonReplies.Aggs> groupedDaily(@HeaderParam("Authorization") String authorization, @PathParam("date") String date,
            @QueryParam("adjusted") boolean adjusted);

    /** Option contracts' terms (reference data, on the free plan); next_url pages carry a cursor. */
    @GET
    @Path("/v3/reference/options/contracts")
    Uni<PolygonReplies.Contracts> optionContracts(@HeaderParam("Authorization") String authorization,
            @RestQuery Map<String, String> query);

    @GET
    @Path("/v2/snapshot/locale/us/markets/stocks/tickers/{ticker}")
    Uni<PolygonReplies.TickerSnapshot> stockSnapshot(@HeaderParam("Authorization") String authorization,
            @PathParam("ticker") String ticker);

    @GET
    @Path("/v2/snapshot/locale/global/markets/crypto/tickers/{ticker}")
    Uni<PolygonReplies.TickerSnapshot> cryptoSnapshot(@HeaderParam("Authorization") String authorization,
            @PathParam("ticker") String ticker);

    @GET
    @Path("/v2/snapshot/locale/global/markets/forex/tickers/{ticker}")
    Uni<PolygonReplies.TickerSnapshot> forexSnapshot(@HeaderParam("Authorization") String authorization,
            @PathParam("ticker") String ticker);

    @GET
    @Path("/v3/snapshot/indices")
    Uni<PolygonReplies.IndicesSnapshot> indicesSnapshot(@HeaderParam("Authorization") String authorization,
            @QueryParam("ticker.any_of") String tickers);

    @GET
    @Path("/v1/last/crypto/{from}/{to}")
    Uni<PolygonReplies.CryptoLastTrade> lastCryptoTrade(@HeaderParam("Authorization") String authorization,
            @PathParam("from") String from, @PathParam("to") String to);

    @GET
    @Path("/v1/last_quote/currencies/{from}/{to}")
    Uni<PolygonReplies.FxLastQuote> lastCurrencyQuote(@HeaderParam("Authorization") String authorization,
            @PathParam("from") String from, @PathParam("to") String to);
}
