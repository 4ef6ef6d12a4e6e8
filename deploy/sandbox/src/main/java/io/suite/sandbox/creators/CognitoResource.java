package io.suite.sandbox.creators;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.suite.sandbox.control.Counters;
import io.suite.sandbox.data.AssociateStores;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.FormBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Cognito token endpoints of Creators API 2.x credentials (Amazon's SDK 1.2.0: 2.1 us-east-1, 2.2 eu-south-2, 2.3
 * us-west-2): {@code POST /cognito/{region}/oauth2/token}, form body with grant_type=client_credentials, client_id,
 * client_secret, scope=creatorsapi/default. A credential is known only in its own region's pool.
 */
@Path("/cognito/{region}/oauth2/token")
public class CognitoResource {

    static final List<String> REGIONS = List.of("us-east-1", "eu-south-2", "us-west-2");
    static final Map<String, String> REGION_OF_POOL = Map.of("us-east-1", "NA", "eu-south-2", "EU", "us-west-2", "FE");
    static final String SCOPE = "creatorsapi/default";

    @Inject
    CreatorsTokens tokens;
    @Inject
    Counters counters;
    @Inject
    AssociateStores stores;

    @POST
    public Response token(@PathParam("region") String region, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        if (!REGIONS.contains(region)) {
            return Response.status(404).build();
        }
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(MediaType.APPLICATION_FORM_URLENCODED)) {
            return error("invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            counters.authFailure("creators");
            return error("invalid_client", "Send client_id and client_secret in the request body, not in a Basic Authorization header");
        }
        Map<String, String> form = FormBody.parse(body);
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return error(form.get("grant_type") == null ? "invalid_request" : "unsupported_grant_type", null);
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        if (id == null || secret == null) {
            return error("invalid_request", null);
        }
        // A credential exists only in the user pool of its store's region: us-east-1 NA (2.1), eu-south-2 EU (2.2),
        // us-west-2 FE (2.3). Per-credential counts are left to GetItems, so they count upstream calls only.
        AssociateStores.Store store = stores.byCreatorsCredential(id, secret).orElse(null);
        if (store == null || !store.region().equals(REGION_OF_POOL.get(region))) {
            counters.authFailure("creators");
            return error("invalid_client", null);
        }
        if (!SCOPE.equals(form.get("scope"))) {
            return error("invalid_scope", null);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("access_token", tokens.issueCognito(store, region));
        reply.put("expires_in", tokens.ttlSeconds());
        reply.put("token_type", "Bearer");
        return Response.ok(reply, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response error(String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        if (description != null) {
            m.put("error_description", description);
        }
        return ApiErrors.json(400, m);
    }
}
