package io.suite.sandbox.ads;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.control.Counters;
import io.suite.sandbox.data.AdsAccount;
import io.suite.sandbox.data.AdsData;
import io.suite.sandbox.data.Country;
import io.suite.sandbox.limits.RateLimiter;
import io.suite.sandbox.lwa.LwaTokens;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.Ids;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Amazon Ads API, one base per region: {@code /ads/na}, {@code /ads/eu}, {@code /ads/fe}.
 * {@code /v2/profiles} is regional; {@code /adsAccounts/*} is global (any region base returns the
 * user's accounts).
 */
@Path("/ads/{region}")
public class AdsResource {

    static final String LIST_TYPE = "application/vnd.listaccountsresource.v1+json";
    static final String ACCOUNT_TYPE = "application/vnd.accountresource.v1+json";
    static final String CLIENT_ID_HEADER = "Amazon-Advertising-API-ClientId";
    private static final Set<String> API_PROGRAMS = Set.of("billing", "campaign", "paymentMethod", "store", "report", "account", "posts");
    private static final Set<String> ACCESS_LEVELS = Set.of("edit", "view");
    private static final Set<String> PROFILE_TYPES = Set.of("seller", "vendor", "agency");
    private static final int MAX_PROFILES = 5000;

    @Inject
    SandboxConfig config;
    @Inject
    LwaTokens tokens;
    @Inject
    AdsData data;
    @Inject
    Counters counters;
    @Inject
    RateLimiter limiter;
    @Inject
    ObjectMapper mapper;

    /** The caller, once the token, client id header and rate limit have been checked. */
    private record Caller(String userId, Response error) {
    }

    private Caller authorize(String region, String authorization, String clientId) {
        if (!Country.REGIONS.contains(region)) {
            return new Caller(null, ApiErrors.adsErrors(404, "NOT_FOUND", "Unknown region " + region));
        }
        if (clientId == null || clientId.isBlank()) {
            counters.authFailure("ads");
            return new Caller(null, ApiErrors.adsUnauthorized("Amazon-Advertising-API-ClientId header is missing"));
        }
        counters.credential("ads", clientId);
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            counters.authFailure("ads");
            return new Caller(null, ApiErrors.adsUnauthorized("Authentication failed"));
        }
        LwaTokens.Check check = tokens.checkAccessToken(authorization.substring(7).trim());
        if (!check.ok()) {
            counters.authFailure("ads");
            return new Caller(null, ApiErrors.adsUnauthorized("token expired".equals(check.failure())
                    ? "Access token has expired" : "Authentication failed"));
        }
        if (!clientId.equals(config.lwa().clientId()) || !clientId.equals(check.grant().clientId())) {
            counters.authFailure("ads");
            return new Caller(null,
                    ApiErrors.adsUnauthorized("Invalid Amazon-Advertising-API-ClientId: it does not match the access token"));
        }
        RateLimiter.Decision d = limiter.tryAcquire("ads", clientId);
        if (!d.allowed()) {
            counters.throttled("ads");
            return new Caller(null, ApiErrors.adsThrottled(d.retryAfterSeconds()));
        }
        return new Caller(check.grant().userId(), null);
    }

    @GET
    @Path("/v2/profiles")
    public Response profiles(@PathParam("region") String region,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(CLIENT_ID_HEADER) String clientId,
            @QueryParam("apiProgram") String apiProgram,
            @QueryParam("accessLevel") String accessLevel,
            @QueryParam("profileTypeFilter") String profileTypeFilter,
            @QueryParam("validPaymentMethodFilter") String validPaymentMethodFilter) {
        Caller caller = authorize(region, authorization, clientId);
        if (caller.error() != null) {
            return caller.error();
        }
        String program = apiProgram == null ? "campaign" : apiProgram;
        String level = accessLevel == null ? "edit" : accessLevel;
        if (!API_PROGRAMS.contains(program)) {
            return v2BadRequest("Invalid apiProgram: " + apiProgram);
        }
        if (!ACCESS_LEVELS.contains(level)) {
            return v2BadRequest("Invalid accessLevel: " + accessLevel);
        }
        Set<String> types = null;
        if (profileTypeFilter != null) {
            types = new HashSet<>();
            for (String t : profileTypeFilter.split(",")) {
                String v = t.trim().toLowerCase(Locale.ROOT);
                if (!PROFILE_TYPES.contains(v)) {
                    return v2BadRequest("Invalid profileTypeFilter: " + profileTypeFilter);
                }
                types.add(v);
            }
        }
        Boolean validPayment = null;
        if (validPaymentMethodFilter != null) {
            if (!validPaymentMethodFilter.equals("true") && !validPaymentMethodFilter.equals("false")) {
                return v2BadRequest("Invalid validPaymentMethodFilter: " + validPaymentMethodFilter);
            }
            validPayment = Boolean.parseBoolean(validPaymentMethodFilter);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        outer: for (AdsAccount a : data.accountsOf(caller.userId())) {
            if (types != null && !types.contains(a.type())) {
                continue;
            }
            if ("agency".equals(a.type()) && (program.equals("store") || program.equals("posts"))) {
                continue;
            }
            for (AdsAccount.Profile p : a.profiles()) {
                if (!p.country().region.equals(region)) {
                    continue;
                }
                if (level.equals("edit") && !"edit".equals(p.accessLevel())) {
                    continue;
                }
                if (validPayment != null && p.validPaymentMethod() != validPayment) {
                    continue;
                }
                out.add(profileJson(a, p));
                if (out.size() >= MAX_PROFILES) {
                    break outer;
                }
            }
        }
        return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Map<String, Object> profileJson(AdsAccount a, AdsAccount.Profile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profileId", p.profileId());
        m.put("countryCode", p.country().name());
        m.put("currencyCode", p.country().currency);
        if ("seller".equals(a.type())) {
            m.put("dailyBudget", 9.99999999E8);
        }
        m.put("timezone", p.country().timezone);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("marketplaceStringId", p.country().marketplaceId);
        info.put("id", a.entityOrMerchantId());
        info.put("type", a.type());
        info.put("name", a.accountName());
        info.put("validPaymentMethod", p.validPaymentMethod());
        m.put("accountInfo", info);
        return m;
    }

    private static Response v2BadRequest(String details) {
        return ApiErrors.json(400, ApiErrors.map("code", "400", "details", details, "requestId", Ids.amzRid()));
    }

    /** The method is POST: a GET is the client's bug, and the real API refuses it. */
    @GET
    @Path("/adsAccounts/list")
    public Response listWithGet() {
        return Response.fromResponse(ApiErrors.adsErrors(405, "METHOD_NOT_ALLOWED",
                "GET is not supported on /adsAccounts/list; use POST")).header("Allow", "POST").build();
    }

    @POST
    @Path("/adsAccounts/list")
    public Response list(@PathParam("region") String region,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(CLIENT_ID_HEADER) String clientId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            byte[] body) {
        Caller caller = authorize(region, authorization, clientId);
        if (caller.error() != null) {
            return caller.error();
        }
        if (!mediaTypeIs(contentType, LIST_TYPE)) {
            return ApiErrors.adsErrors(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be " + LIST_TYPE);
        }
        if (!accepts(accept, LIST_TYPE)) {
            return ApiErrors.adsErrors(406, "NOT_ACCEPTABLE", "Accept must be " + LIST_TYPE);
        }
        int maxResults = 100;
        int offset = 0;
        if (body != null && body.length > 0) {
            JsonNode n;
            try {
                n = mapper.readTree(body);
            } catch (Exception e) {
                return ApiErrors.adsErrors(400, "BAD_REQUEST", "Malformed JSON body");
            }
            if (n != null && !n.isNull()) {
                if (!n.isObject()) {
                    return ApiErrors.adsErrors(400, "BAD_REQUEST", "The request body must be a JSON object");
                }
                JsonNode mr = n.get("maxResults");
                if (mr != null && !mr.isNull()) {
                    if (!mr.isIntegralNumber() || mr.asLong() < 1 || mr.asLong() > 100) {
                        return ApiErrors.adsErrors(400, "BAD_REQUEST", "maxResults must be an integer between 1 and 100");
                    }
                    maxResults = mr.asInt();
                }
                JsonNode nt = n.get("nextToken");
                if (nt != null && !nt.isNull()) {
                    Integer o = nt.isTextual() ? decodeToken(nt.asText(), caller.userId()) : null;
                    if (o == null) {
                        return ApiErrors.adsErrors(400, "BAD_REQUEST", "Invalid nextToken");
                    }
                    offset = o;
                }
            }
        }
        List<AdsAccount> all = data.accountsOf(caller.userId());
        int end = Math.min(all.size(), offset + maxResults);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            page.add(accountJson(all.get(i)));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("adsAccounts", page);
        if (end < all.size()) {
            reply.put("nextToken", encodeToken(end, caller.userId()));
        }
        return Response.ok(reply).type(LIST_TYPE).build();
    }

    @GET
    @Path("/adsAccounts/{adsAccountId}")
    public Response get(@PathParam("region") String region,
            @PathParam("adsAccountId") String adsAccountId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(CLIENT_ID_HEADER) String clientId,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Caller caller = authorize(region, authorization, clientId);
        if (caller.error() != null) {
            return caller.error();
        }
        if (!accepts(accept, ACCOUNT_TYPE)) {
            return ApiErrors.adsErrors(406, "NOT_ACCEPTABLE", "Accept must be " + ACCOUNT_TYPE);
        }
        return data.account(caller.userId(), adsAccountId)
                .map(a -> Response.ok(Map.of("adsAccount", accountJson(a))).type(ACCOUNT_TYPE).build())
                .orElseGet(() -> ApiErrors.adsErrors(404, "NOT_FOUND", "Ads account " + adsAccountId + " was not found"));
    }

    static Map<String, Object> accountJson(AdsAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("adsAccountId", a.adsAccountId());
        m.put("accountName", a.accountName());
        m.put("status", a.status());
        m.put("countryCodes", a.countries().stream().map(Enum::name).toList());
        List<Map<String, Object>> alt = new ArrayList<>();
        for (AdsAccount.AlternateId id : a.alternateIds()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("countryCode", id.countryCode());
            if (id.profileId() != null) {
                x.put("profileId", id.profileId());
            }
            if (id.entityId() != null) {
                x.put("entityId", id.entityId());
            }
            alt.add(x);
        }
        m.put("alternateIds", alt);
        if (!a.errors().isEmpty()) {
            m.put("errors", a.errors());
        }
        return m;
    }

    static boolean mediaTypeIs(String header, String expected) {
        if (header == null) {
            return false;
        }
        return header.split(";")[0].trim().equalsIgnoreCase(expected);
    }

    static boolean accepts(String header, String expected) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.split(";")[0].trim().equalsIgnoreCase(expected)) {
                return true;
            }
        }
        return false;
    }

    private static String encodeToken(int offset, String userId) {
        String raw = "v1|" + Integer.toHexString(userId.hashCode()) + "|" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Integer decodeToken(String token, String userId) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 3 || !parts[0].equals("v1") || !parts[1].equals(Integer.toHexString(userId.hashCode()))) {
                return null;
            }
            int o = Integer.parseInt(parts[2]);
            return o < 0 ? null : o;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
