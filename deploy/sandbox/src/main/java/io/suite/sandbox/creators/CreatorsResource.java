package io.suite.sandbox.creators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Creators API {@code POST /catalog/v1/getItems} (lowerCamelCase, marketplace in the x-marketplace header). */
@Path("/catalog/v1")
public class CreatorsResource {

    private static final Pattern AUTH = Pattern.compile("^Bearer\\s+([^,\\s]+)\\s*(?:,\\s*Version\\s+(\\S+))?\\s*$");
    private static final Pattern ASIN = Pattern.compile("^[A-Z0-9]{10}$");
    private static final Set<String> FIELDS = Set.of("partnerTag", "itemIds", "itemIdType", "resources", "condition",
            "currencyOfPreference", "languagesOfPreference", "properties");

    @Inject
    SandboxConfig config;
    @Inject
    CreatorsTokens tokens;
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
    @Path("/getItems")
    public Response getItems(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("x-marketplace") String marketplace,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] body) {
        Matcher m = authorization == null ? null : AUTH.matcher(authorization.trim());
        if (m == null || !m.matches()) {
            counters.authFailure("creators");
            return ApiErrors.creators(401, "InvalidToken",
                    "Missing or malformed Authorization header: expected 'Bearer <token>' (plus ', Version <2.x>' for 2.x credentials)",
                    "UnauthorizedException");
        }
        CreatorsTokens.Grant grant = tokens.find(m.group(1));
        if (grant == null) {
            counters.authFailure("creators");
            return ApiErrors.creators(401, "InvalidToken", "The access token is invalid.", "UnauthorizedException");
        }
        counters.credential("creators", grant.credentialId());
        if (tokens.expired(grant)) {
            counters.authFailure("creators");
            return ApiErrors.creators(401, "TokenExpired", "The access token has expired.", "UnauthorizedException");
        }
        String version = m.group(2);
        if (grant.isV2() && !grant.version().equals(version)) {
            counters.authFailure("creators");
            return ApiErrors.creators(401, "InvalidToken",
                    "Tokens of " + grant.version() + " credentials require 'Version " + grant.version()
                            + "' in the Authorization header.",
                    "UnauthorizedException");
        }
        if (!grant.isV2() && version != null) {
            counters.authFailure("creators");
            return ApiErrors.creators(401, "InvalidToken",
                    "Tokens of 3.x credentials are sent as plain 'Bearer <token>' without a Version.", "UnauthorizedException");
        }
        AssociateStores.Store store = stores.byCreatorsId(grant.credentialId()).orElseThrow();
        RateLimiter.Decision d = limiter.tryAcquire("creators", grant.credentialId());
        if (!d.allowed()) {
            counters.throttled("creators");
            return d.dailyQuota() ? ApiErrors.creatorsDailyQuota() : ApiErrors.creatorsThrottled();
        }
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
            return ApiErrors.creators(415, "UnsupportedMediaType", "Content-Type must be application/json",
                    "UnsupportedMediaTypeException");
        }
        if (marketplace == null || marketplace.isBlank()) {
            return validation("The x-marketplace header is required.", List.of("x-marketplace"));
        }
        Marketplace mp = Marketplace.byName(marketplace).orElse(null);
        if (mp == null) {
            return validation("The value provided for x-marketplace is invalid.", List.of("x-marketplace"));
        }
        JsonNode n;
        try {
            n = mapper.readTree(body);
        } catch (Exception e) {
            return validation("The request body is not valid JSON.", List.of());
        }
        if (n == null || !n.isObject()) {
            return validation("The request body must be a JSON object.", List.of());
        }
        List<String> unknown = new ArrayList<>();
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            return validation("Unknown fields in the request: " + unknown
                    + " (the marketplace goes in the x-marketplace header; there is no partnerType).", unknown);
        }
        JsonNode tag = n.get("partnerTag");
        if (tag == null || !tag.isTextual() || tag.asText().isEmpty() || tag.asText().length() > 64) {
            return validation("partnerTag is required and must be at most 64 characters.", List.of("partnerTag"));
        }
        if (!store.region().equals(mp.storeRegion())) {
            // a credential is regional (x.1 NA, x.2 EU, x.3 FE): another region's marketplace is not its store's
            return ApiErrors.json(400, ApiErrors.map("message", "Credentials are not valid for the selected marketplace.",
                    "reason", "InvalidAssociate", "fieldList", fields(List.of("x-marketplace")), "type", "ValidationException"));
        }
        if (!stores.tagValid(store, mp, tag.asText())) {
            return ApiErrors.json(400, ApiErrors.map("message", "The partner tag is invalid or not mapped to this credential.",
                    "reason", "InvalidPartnerTag", "fieldList", fields(List.of("partnerTag")), "type", "ValidationException"));
        }
        JsonNode ids = n.get("itemIds");
        if (ids == null || !ids.isArray() || ids.size() < 1 || ids.size() > 10) {
            return validation("itemIds must contain between 1 and 10 items.", List.of("itemIds"));
        }
        JsonNode idType = n.get("itemIdType");
        if (idType != null && !idType.isNull() && !"ASIN".equals(idType.asText())) {
            return validation("itemIdType must be ASIN.", List.of("itemIdType"));
        }
        JsonNode langs = n.get("languagesOfPreference");
        if (langs != null && !langs.isNull() && (!langs.isArray() || langs.size() > 1)) {
            return validation("languagesOfPreference accepts at most one language.", List.of("languagesOfPreference"));
        }
        Set<String> resources = new LinkedHashSet<>();
        JsonNode res = n.get("resources");
        if (res != null && !res.isNull()) {
            if (!res.isArray()) {
                return validation("resources must be an array.", List.of("resources"));
            }
            for (JsonNode r : res) {
                String name = r.asText();
                String pascal = name.isEmpty() || !Character.isLowerCase(name.charAt(0)) ? null : ItemRenderer.toPascalResource(name);
                if (pascal == null || !ItemRenderer.RESOURCES.contains(pascal)) {
                    return validation("The value [" + name + "] provided in the request for resources is invalid.", List.of("resources"));
                }
                resources.add(pascal);
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
                errors.add(ApiErrors.map("code", "InvalidItemId", "message", "The ItemId " + id + " is not a valid ASIN."));
                continue;
            }
            Product p = catalog.find(id).orElse(null);
            if (p == null) {
                errors.add(ApiErrors.map("code", "ItemNotFound", "message",
                        "The ItemId " + id + " is not accessible through the Creators API."));
                continue;
            }
            items.add(ItemRenderer.toLowerCamel(renderer.render(p, resources, mp, tag.asText())));
        }
        if (items.isEmpty()) {
            // Amazon's SDK: 404 ResourceNotFoundException when no item was found ("No items found for the request")
            return ApiErrors.json(404, ApiErrors.map("type", "ResourceNotFoundException", "message", "No items found for the request.",
                    "resourceId", String.join(",", seen), "resourceType", "Item"));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("itemsResult", Map.of("items", items));
        if (!errors.isEmpty()) {
            reply.put("errors", errors);
        }
        return Response.ok(reply, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response validation(String message, List<String> fields) {
        return ApiErrors.json(400, ApiErrors.map("message", message, "reason", "FieldValidationFailed", "fieldList", fields(fields),
                "type", "ValidationException"));
    }

    /** The SDK's ValidationExceptionField: {name, message}. */
    private static List<Map<String, Object>> fields(List<String> names) {
        return names.stream().map(n -> ApiErrors.map("name", n, "message", "The value of " + n + " is invalid.")).toList();
    }
}
