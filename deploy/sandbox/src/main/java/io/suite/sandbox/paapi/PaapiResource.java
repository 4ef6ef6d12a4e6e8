package io.suite.sandbox.paapi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.control.Counters;
import io.suite.sandbox.data.AssociateStores;
import io.suite.sandbox.data.ItemRenderer;
import io.suite.sandbox.data.Marketplace;
import io.suite.sandbox.data.Product;
import io.suite.sandbox.data.ProductCatalog;
import io.suite.sandbox.limits.RateLimiter;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.Ids;
import io.suite.sandbox.support.SandboxClock;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** PA-API 5.0 {@code POST /paapi5/getitems}, with real SigV4 verification. */
@Path("/paapi5")
public class PaapiResource {

    static final String TARGET = "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.GetItems";
    static final String SERVICE = "ProductAdvertisingAPI";
    static final List<String> REQUIRED_SIGNED = List.of("content-encoding", "content-type", "host", "x-amz-date", "x-amz-target");
    static final Pattern ASIN = Pattern.compile("^[A-Z0-9]{10}$");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Set<String> BODY_FIELDS = Set.of("ItemIds", "ItemIdType", "PartnerTag", "PartnerType", "Marketplace", "Resources",
            "Condition", "CurrencyOfPreference", "LanguagesOfPreference", "Merchant", "OfferCount");
    private static final String SIGNING_HELP = " If you are using an AWS SDK, requests are signed for you automatically; otherwise, go to "
            + "https://webservices.amazon.com/paapi5/documentation/sending-request.html#signing.";

    @Inject
    SandboxConfig config;
    @Inject
    SandboxClock clock;
    @Inject
    Counters counters;
    @Inject
    RateLimiter limiter;
    @Inject
    ProductCatalog catalog;
    @Inject
    ItemRenderer renderer;
    @Inject
    ObjectMapper mapper;
    @Inject
    AssociateStores stores;

    @POST
    @Path("/getitems")
    public Response getItems(@Context HttpServerRequest http, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (Map.Entry<String, String> e : http.headers()) {
            headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue());
        }
        Response authError = verifySignature(http, headers, body);
        if (authError != null) {
            return authError;
        }
        String target = first(headers, "x-amz-target");
        if (!TARGET.equals(target)) {
            return ApiErrors.paapi(404, "UnknownOperationException", "UnknownOperation",
                    "The operation requested is invalid. Please verify that the operation name is typed correctly.");
        }
        if (!"amz-1.0".equals(first(headers, "content-encoding"))) {
            return ApiErrors.paapi(400, "ValidationException", "InvalidParameterValue",
                    "The value provided in the request for Content-Encoding is invalid. Expected amz-1.0.");
        }
        String contentType = first(headers, "content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return ApiErrors.paapi(400, "ValidationException", "InvalidParameterValue",
                    "The value provided in the request for Content-Type is invalid. Expected application/json; charset=utf-8.");
        }
        String accessKey = SigV4.parse(first(headers, "authorization")).accessKey();
        RateLimiter.Decision d = limiter.tryAcquire("paapi", accessKey);
        if (!d.allowed()) {
            counters.throttled("paapi");
            return d.dailyQuota() ? ApiErrors.paapiDailyQuota() : ApiErrors.paapiThrottled();
        }
        return items(body, expectedRegion(first(headers, "host"), body), stores.byPaapiKey(accessKey).orElseThrow());
    }

    private Response verifySignature(HttpServerRequest http, Map<String, List<String>> headers, byte[] body) {
        String authzHeader = first(headers, "authorization");
        SigV4.Authorization authz = SigV4.parse(authzHeader);
        String amzDate = first(headers, "x-amz-date");
        if (authz == null || amzDate == null) {
            counters.authFailure("paapi");
            return incomplete(
                    authz == null ? "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (AWS4-HMAC-SHA256)."
                            : "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        counters.credential("paapi", authz.accessKey());
        for (String h : REQUIRED_SIGNED) {
            if (!authz.signedHeaders().contains(h) || !headers.containsKey(h)) {
                counters.authFailure("paapi");
                return incomplete(
                        "The request signature must sign the headers content-encoding;content-type;host;x-amz-date;x-amz-target; '"
                                + h + "' is missing.");
            }
        }
        for (String h : authz.signedHeaders()) {
            if (!headers.containsKey(h)) {
                counters.authFailure("paapi");
                return incomplete("Signed header '" + h + "' is not present in the request.");
            }
        }
        AssociateStores.Store store = stores.byPaapiKey(authz.accessKey()).orElse(null);
        if (store == null) {
            counters.authFailure("paapi");
            return ApiErrors.paapi(401, "UnrecognizedClientException", "UnrecognizedClient",
                    "The Access Key ID or security token included in the request is invalid.");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            counters.authFailure("paapi");
            return incomplete("X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }
        if (!authz.date().equals(amzDate.substring(0, 8)) || !"aws4_request".equals(authz.terminator())) {
            return invalid("Credential should be scoped to a valid date and terminated with aws4_request.");
        }
        if (!SERVICE.equals(authz.service())) {
            return invalid("Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        String region = expectedRegion(first(headers, "host"), body);
        if (!region.equals(authz.region())) {
            return invalid("Credential should be scoped to a valid region, not '" + authz.region() + "'. ");
        }
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(config.paapi().maxClockSkew()) > 0) {
            return invalid("Signature expired: " + amzDate + " is now earlier or later than the allowed window of "
                    + config.paapi().maxClockSkew().toMinutes() + " minutes around the server time.");
        }
        String declaredHash = first(headers, "x-amz-content-sha256");
        if (declaredHash != null
                && !declaredHash.equalsIgnoreCase(HexFormat.of().formatHex(Ids.sha256(body == null ? new byte[0] : body)))) {
            return invalid("The provided x-amz-content-sha256 header does not match what was computed.");
        }
        SigV4.Request req = new SigV4.Request(http.method().name(), rawPath(http.uri()), http.query(), headers, body);
        String creq = SigV4.canonicalRequest(req, authz.signedHeaders());
        String sts = SigV4.stringToSign(amzDate, authz.scope(), creq);
        String expected = SigV4.signature(store.paapiSecretKey(), authz.date(), authz.region(), authz.service(), sts);
        if (!SigV4.constantTimeEquals(expected, authz.signature())) {
            return invalid(
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return null;
    }

    private static String rawPath(String uri) {
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        if (p.startsWith("http://") || p.startsWith("https://")) {
            int slash = p.indexOf('/', p.indexOf("//") + 2);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        return p;
    }

    /**
     * The signing region the host requires. On a local host (the sandbox stands in for every webservices.amazon.* host)
     * it is the region of the body's Marketplace, as that is the host the client would have called.
     */
    private String expectedRegion(String host, byte[] body) {
        return Marketplace.regionOfHost(host).orElseGet(() -> {
            try {
                JsonNode mp = mapper.readTree(body).get("Marketplace");
                return mp == null ? config.paapi().region()
                        : Marketplace.byName(mp.asText()).map(Marketplace::region).orElse(config.paapi().region());
            } catch (Exception e) {
                return config.paapi().region();
            }
        });
    }

    private Response incomplete(String message) {
        return ApiErrors.paapi(400, "IncompleteSignatureException", "IncompleteSignature",
                "The request signature did not include all of the required components. " + message + SIGNING_HELP);
    }

    private Response invalid(String message) {
        counters.authFailure("paapi");
        return ApiErrors.paapi(401, "InvalidSignatureException", "InvalidSignature",
                "The request has not been correctly signed. " + message + SIGNING_HELP);
    }

    private static Response badParam(String code, String message) {
        return ApiErrors.paapi(400, "ValidationException", code, message);
    }

    private Response items(byte[] body, String region, AssociateStores.Store store) {
        JsonNode n;
        try {
            n = mapper.readTree(body);
        } catch (Exception e) {
            return badParam("InvalidParameterValue", "The request body is not valid JSON.");
        }
        if (n == null || !n.isObject()) {
            return badParam("InvalidParameterValue", "The request body must be a JSON object.");
        }
        for (var it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!BODY_FIELDS.contains(f)) {
                return badParam("UnrecognizedParameter", "The parameter " + f + " is not recognized. Please check the request parameters.");
            }
        }
        JsonNode tag = n.get("PartnerTag");
        if (tag == null || tag.isNull() || tag.asText().isEmpty()) {
            return badParam("MissingParameter", "The request must contain the parameter PartnerTag.");
        }
        JsonNode type = n.get("PartnerType");
        if (type == null || type.isNull()) {
            return badParam("MissingParameter", "The request must contain the parameter PartnerType.");
        }
        if (!"Associates".equals(type.asText())) {
            return badParam("InvalidParameterValue",
                    "The value [" + type.asText() + "] provided in the request for PartnerType is invalid.");
        }
        Marketplace mp = Marketplace.defaultFor(region);
        JsonNode mpNode = n.get("Marketplace");
        if (mpNode != null && !mpNode.isNull()) {
            var found = Marketplace.byName(mpNode.asText());
            if (found.isEmpty() || !found.get().region().equals(region)) {
                return badParam("InvalidParameterValue",
                        "The value [" + mpNode.asText() + "] provided in the request for Marketplace is invalid.");
            }
            mp = found.get();
        }
        if (!store.region().equals(mp.storeRegion())) {
            return ApiErrors.paapi(403, "AccessDeniedException", "InvalidAssociate",
                    "Your access key is not mapped to Primary of approved associate store. Please sign up for Product Advertising API in the requested marketplace.");
        }
        if (!stores.tagValid(store, mp, tag.asText())) {
            return ApiErrors.paapi(400, "ValidationException", "InvalidPartnerTag",
                    "The partner tag is invalid or not present. Please verify the partner tag and try again.");
        }
        JsonNode idType = n.get("ItemIdType");
        if (idType != null && !idType.isNull() && !"ASIN".equals(idType.asText())) {
            return badParam("InvalidParameterValue",
                    "The value [" + idType.asText() + "] provided in the request for ItemIdType is invalid.");
        }
        JsonNode ids = n.get("ItemIds");
        if (ids == null || ids.isNull()) {
            return badParam("MissingParameter", "The request must contain the parameter ItemIds.");
        }
        if (!ids.isArray() || ids.size() < 1 || ids.size() > 10) {
            return badParam("InvalidParameterValue",
                    "The value provided in the request for ItemIds is invalid. ItemIds must contain between 1 and 10 items.");
        }
        Set<String> resources = new LinkedHashSet<>();
        JsonNode res = n.get("Resources");
        if (res != null && !res.isNull()) {
            if (!res.isArray()) {
                return badParam("InvalidParameterValue", "The value provided in the request for Resources is invalid.");
            }
            for (JsonNode r : res) {
                if (!ItemRenderer.RESOURCES.contains(r.asText())) {
                    return badParam("InvalidParameterValue",
                            "The value [" + r.asText() + "] provided in the request for Resources is invalid.");
                }
                resources.add(r.asText());
            }
        } else {
            resources.add("ItemInfo.Title");
        }
        List<Object> items = new ArrayList<>();
        List<Object> errors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode idNode : ids) {
            String id = idNode.asText();
            if (!seen.add(id)) {
                continue;
            }
            if (!ASIN.matcher(id).matches()) {
                errors.add(itemError("InvalidParameterValue", "The ItemId " + id + " provided in the request is invalid."));
                continue;
            }
            Product p = catalog.find(id).orElse(null);
            if (p == null) {
                errors.add(itemError("ItemNotAccessible", "The ItemId " + id + " is not accessible through the Product Advertising API."));
                continue;
            }
            items.add(renderer.render(p, resources, mp, tag.asText()));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            reply.put("Errors", errors);
        }
        if (!items.isEmpty()) {
            reply.put("ItemsResult", Map.of("Items", items));
        }
        return Response.ok(reply, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Map<String, Object> itemError(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__type", "com.amazon.paapi5#ErrorData");
        m.put("Code", code);
        m.put("Message", message);
        return m;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
