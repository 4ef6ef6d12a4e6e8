package io.suite.sandbox.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.creators.CreatorsTokens;
import io.suite.sandbox.data.AdsData;
import io.suite.sandbox.data.AmazonUser;
import io.suite.sandbox.data.AssociateStores;
import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.ProductCatalog;
import io.suite.sandbox.limits.RateLimiter;
import io.suite.sandbox.lwa.LwaTokens;
import io.suite.sandbox.polygon.PolygonAccess;
import io.suite.sandbox.support.SandboxClock;
import io.suite.sandbox.traces.ReceivedSpans;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Control API of the sandbox: its seeded data and the reset of everything. Faults, limits, LWA tokens, products,
 * counters, the clock and received traces have their own resources under {@code /_control}.
 */
@Path("/_control")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

    @Inject
    SandboxConfig config;
    @Inject
    Faults faults;
    @Inject
    Counters counters;
    @Inject
    RateLimiter limiter;
    @Inject
    LwaTokens lwaTokens;
    @Inject
    CreatorsTokens creatorsTokens;
    @Inject
    AdsData adsData;
    @Inject
    MarketData market;
    @Inject
    ProductCatalog catalog;
    @Inject
    AssociateStores associateStores;
    @Inject
    SandboxClock clock;
    @Inject
    PolygonAccess polygonAccess;
    @Inject
    ReceivedSpans receivedSpans;

    // ---- seeded data -------------------------------------------------------------------------------

    @GET
    @Path("/data")
    public Map<String, Object> data() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> users = new ArrayList<>();
        for (AmazonUser u : adsData.users()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("userId", u.userId());
            m.put("name", u.name());
            m.put("email", u.email());
            m.put("adsAccounts", adsData.accountsOf(u.userId()).size());
            m.put("refreshTokens", lwaTokens.refreshTokensOf(u.userId()));
            users.add(m);
        }
        out.put("seed", config.seed());
        out.put("users", users);
        out.put("lwaClientId", config.lwa().clientId());
        out.put("tickers", market.symbols());
        List<Object> keys = new ArrayList<>();
        polygonAccess.keys().forEach((key, plan) -> {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("key", key);
            k.put("plan", plan.label());
            k.put("entitlements", plan.entitlements());
            k.put("historyYears", plan.historyYears());
            k.put("timeframe", plan.endOfDay() ? "end of day" : plan.realTime() ? "real time" : plan.delayMinutes() + " minutes delayed");
            k.put("limit", PolygonAccess.limitOf(plan));
            keys.add(k);
        });
        out.put("polygonKeys", keys);
        out.put("asins", catalog.asins());
        out.put("paapi", Map.of("accessKey", config.paapi().accessKey(), "partnerTag", config.paapi().partnerTag(), "region",
                config.paapi().region()));
        out.put("creators", Map.of("credentialId", config.creators().credentialId(), "cognitoVersion", "2.1", "lwaVersion", "3.1"));
        // every store (region) with its sandbox-only credential ids and the tracking id of each marketplace
        out.put("stores", associateStores.all().stream().map(s -> Map.of("region", s.region(), "paapiAccessKey", s.paapiAccessKey(),
                "creatorsCredentialId", s.creatorsId(), "cognitoVersion", s.version(false), "lwaVersion", s.version(true))).toList());
        out.put("partnerTags", associateStores.tags());
        return out;
    }

    // ---- everything ----------------------------------------------------------------------------------

    /** Back to the state after start-up: faults, limits, tokens, products, counters, clock and received spans. */
    @POST
    @Path("/reset")
    public Response reset() {
        faults.clearAll();
        limiter.reset();
        lwaTokens.reset();
        creatorsTokens.reset();
        catalog.reset();
        counters.reset();
        clock.reset();
        receivedSpans.clear();
        return Response.noContent().build();
    }
}
