package io.suite.sandbox.control;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.creators.CreatorsTokens;
import io.suite.sandbox.data.AdsData;
import io.suite.sandbox.data.AmazonUser;
import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.ProductCatalog;
import io.suite.sandbox.limits.LimitRule;
import io.suite.sandbox.limits.RateLimiter;
import io.suite.sandbox.lwa.LwaTokens;
import io.suite.sandbox.lwa.Pkce;
import io.suite.sandbox.polygon.PolygonAccess;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.SandboxClock;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Control API of the sandbox: faults, limits, token revocation, product changes, counters, clock and seeded data. */
@Path("/_control")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

    static final Set<String> APIS = Set.of(Counters.APIS);

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
    io.suite.sandbox.data.AssociateStores associateStores;
    @Inject
    SandboxClock clock;
    @Inject
    PolygonAccess polygonAccess;

    public record LimitBody(String spec, List<RuleBody> rules) {
    }

    public record RuleBody(long count, Double windowSeconds) {
    }

    public record RevokeBody(String refreshToken, String userId) {
    }

    /** {@code codeChallenge}/{@code codeChallengeMethod}: optional PKCE, as the consent page takes it. */
    public record CodeBody(String userId, String redirectUri, String scope, String codeChallenge, String codeChallengeMethod) {
    }

    public record ProductBody(BigDecimal price, String availability) {
    }

    public record ClockBody(Double seconds) {
    }

    private static Response bad(String message) {
        return ApiErrors.json(400, Map.of("error", message));
    }

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
        out.put("paapi", Map.of("accessKey", config.paapi().accessKey(), "partnerTag", config.paapi().partnerTag(), "region", config.paapi().region()));
        out.put("creators", Map.of("credentialId", config.creators().credentialId(), "cognitoVersion", "2.1", "lwaVersion", "3.1"));
        // every store (region) with its sandbox-only credential ids and the tracking id of each marketplace
        out.put("stores", associateStores.all().stream().map(s -> Map.of("region", s.region(), "paapiAccessKey", s.paapiAccessKey(),
                "creatorsCredentialId", s.creatorsId(), "cognitoVersion", s.version(false), "lwaVersion", s.version(true))).toList());
        out.put("partnerTags", associateStores.tags());
        return out;
    }

    // ---- faults --------------------------------------------------------------------------------------

    @GET
    @Path("/faults")
    public Map<String, Object> allFaults() {
        return faults.describe();
    }

    @PUT
    @Path("/faults/{api}")
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
    @Path("/faults/{api}")
    public Response clearFault(@PathParam("api") String api) {
        if (!APIS.contains(api)) {
            return bad("unknown api " + api);
        }
        faults.clear(api);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/faults")
    public Response clearFaults() {
        faults.clearAll();
        return Response.noContent().build();
    }

    // ---- limits --------------------------------------------------------------------------------------

    @GET
    @Path("/limits")
    public Map<String, Object> limits() {
        Map<String, Object> out = new LinkedHashMap<>();
        limiter.allRules().forEach((k, v) -> out.put(k, describe(v)));
        return out;
    }

    private static List<Map<String, Object>> describe(List<LimitRule> rules) {
        return rules.stream().map(r -> Map.<String, Object>of("count", r.count(), "windowSeconds", r.window().toMillis() / 1000.0)).toList();
    }

    @PUT
    @Path("/limits/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setLimit(@PathParam("name") String name, LimitBody body) {
        String limit = name.equals("polygon") ? "polygon-free" : name;
        if (!RateLimiter.NAMES.contains(limit)) {
            return bad("unknown limit " + name + "; known: " + RateLimiter.NAMES + " (polygon = polygon-free)");
        }
        if (body == null) {
            return bad("body {\"spec\":\"5/60s\"} or {\"rules\":[{\"count\":5,\"windowSeconds\":60}]} required; [] or \"unlimited\" for none");
        }
        try {
            List<LimitRule> rules;
            if (body.spec() != null) {
                rules = LimitRule.parseAll(body.spec());
            } else {
                rules = new ArrayList<>();
                for (RuleBody r : body.rules() == null ? List.<RuleBody>of() : body.rules()) {
                    if (r.windowSeconds() == null) {
                        return bad("windowSeconds is required");
                    }
                    rules.add(new LimitRule(r.count(), Duration.ofMillis(Math.round(r.windowSeconds() * 1000))));
                }
            }
            limiter.setRules(limit, rules);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        return Response.ok(Map.of(limit, describe(limiter.rules(limit)))).build();
    }

    // ---- LWA -----------------------------------------------------------------------------------------

    @POST
    @Path("/lwa/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(RevokeBody body) {
        if (body == null || (body.refreshToken() == null && body.userId() == null)) {
            return bad("give refreshToken or userId");
        }
        int revoked = 0;
        if (body.refreshToken() != null) {
            revoked += lwaTokens.revokeRefreshToken(body.refreshToken()) ? 1 : 0;
        }
        if (body.userId() != null) {
            if (adsData.user(body.userId()).isEmpty()) {
                return ApiErrors.json(404, Map.of("error", "unknown user " + body.userId()));
            }
            revoked += lwaTokens.revokeUser(body.userId());
        }
        return Response.ok(Map.of("revoked", revoked)).build();
    }

    /** Shortcut for automated tests: the code the consent page would have issued. */
    @POST
    @Path("/lwa/codes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response code(CodeBody body) {
        if (body == null || body.userId() == null || body.redirectUri() == null) {
            return bad("userId and redirectUri are required");
        }
        if (adsData.user(body.userId()).isEmpty()) {
            return ApiErrors.json(404, Map.of("error", "unknown user " + body.userId()));
        }
        String pkceError = Pkce.invalidRequest(body.codeChallenge(), body.codeChallengeMethod());
        if (pkceError != null) {
            return bad(pkceError);
        }
        LwaTokens.Code c = lwaTokens.issueCode(body.userId(), config.lwa().clientId(), body.redirectUri(),
                body.scope() == null ? "advertising::campaign_management" : body.scope(), body.codeChallenge(),
                Pkce.method(body.codeChallengeMethod()));
        return Response.ok(Map.of("code", c.code(), "expiresAt", c.expiresAt().toString())).build();
    }

    // ---- products ------------------------------------------------------------------------------------

    @PUT
    @Path("/products/{asin}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response product(@PathParam("asin") String asin, ProductBody body) {
        if (!catalog.exists(asin)) {
            return ApiErrors.json(404, Map.of("error", "unknown seeded ASIN " + asin));
        }
        if (body == null || (body.price() == null && body.availability() == null)) {
            return bad("give price and/or availability");
        }
        if (body.price() != null && body.price().signum() <= 0) {
            return bad("price must be positive");
        }
        if (body.availability() != null && !ProductCatalog.AVAILABILITY_TYPES.contains(body.availability())) {
            return bad("availability must be one of " + ProductCatalog.AVAILABILITY_TYPES);
        }
        catalog.override(asin, body.price(), body.availability());
        return Response.noContent().build();
    }

    @POST
    @Path("/products/{asin}/remove")
    public Response remove(@PathParam("asin") String asin) {
        if (!catalog.exists(asin)) {
            return ApiErrors.json(404, Map.of("error", "unknown seeded ASIN " + asin));
        }
        catalog.remove(asin);
        return Response.noContent().build();
    }

    // ---- counters ------------------------------------------------------------------------------------

    @GET
    @Path("/counters")
    public Map<String, Object> counters() {
        return counters.snapshot();
    }

    @POST
    @Path("/counters/reset")
    public Response resetCounters() {
        counters.reset();
        return Response.noContent().build();
    }

    // ---- clock ---------------------------------------------------------------------------------------

    @GET
    @Path("/clock")
    public Map<String, Object> clock() {
        return Map.of("now", clock.instant().toString(), "offsetMillis", clock.offsetMillis());
    }

    @POST
    @Path("/clock/advance")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response advance(ClockBody body) {
        if (body == null || body.seconds() == null || body.seconds() < 0) {
            return bad("give {\"seconds\": n} with n >= 0");
        }
        clock.advance(Duration.ofMillis(Math.round(body.seconds() * 1000)));
        return Response.ok(clock()).build();
    }

    @DELETE
    @Path("/clock")
    public Response resetClock() {
        clock.reset();
        return Response.noContent().build();
    }

    // ---- everything ----------------------------------------------------------------------------------

    /** Back to the state after start-up: faults, limits, tokens, products, counters and clock. */
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
        return Response.noContent().build();
    }
}
