package io.suite.sandbox.lwa;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.control.Counters;
import io.suite.sandbox.creators.CreatorsTokens;
import io.suite.sandbox.data.AdsData;
import io.suite.sandbox.data.AssociateStores;
import io.suite.sandbox.limits.RateLimiter;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.FormBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
 * Login with Amazon: {@code POST /lwa/auth/o2/token} (form-encoded authorization_code and refresh_token
 * grants for the Ads API; JSON client_credentials for Creators API 3.x credentials) and the consent
 * page {@code GET /lwa/ap/oa}. An authorization request may carry PKCE ({@code code_challenge}, {@code code_challenge_method}
 * S256 or plain, plain when absent); the code it yields is then exchanged only with the matching {@code code_verifier}.
 */
@Path("/lwa")
public class LwaResource {

    static final String CREATORS_SCOPE = "creatorsapi::default";

    @Inject
    SandboxConfig config;
    @Inject
    LwaTokens tokens;
    @Inject
    CreatorsTokens creatorsTokens;
    @Inject
    AssociateStores stores;
    @Inject
    AdsData data;
    @Inject
    Counters counters;
    @Inject
    RateLimiter limiter;
    @Inject
    ObjectMapper mapper;

    // One method per body type: form-encoded grants for the Ads API, JSON client_credentials for Creators API 3.x
    // credentials, and any other Content-Type answered with LWA's invalid_request. api.amazon.com (North America) is
    // /auth/o2/token; api.amazon.co.uk (eu) and api.amazon.co.jp (fe) share its Ads API grants, and Creators 3.2 and
    // 3.3 credentials get their tokens there.

    @POST
    @Path("/auth/o2/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response formGrant(byte[] body) {
        return formToken(FormBody.parse(body));
    }

    @POST
    @Path("/{region: eu|fe}/auth/o2/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response regionalFormGrant(byte[] body) {
        return formToken(FormBody.parse(body));
    }

    @POST
    @Path("/auth/o2/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response jsonGrant(byte[] body) {
        return jsonToken("NA", body);
    }

    @POST
    @Path("/{region: eu|fe}/auth/o2/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response regionalJsonGrant(@PathParam("region") String region, byte[] body) {
        return jsonToken(region.toUpperCase(), body);
    }

    @POST
    @Path("/auth/o2/token")
    public Response unsupportedGrant(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return unsupportedContentType(contentType);
    }

    @POST
    @Path("/{region: eu|fe}/auth/o2/token")
    public Response regionalUnsupportedGrant(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return unsupportedContentType(contentType);
    }

    private static Response unsupportedContentType(String contentType) {
        return ApiErrors.lwa(400, "invalid_request",
                "Unsupported Content-Type '" + (contentType == null ? "" : contentType)
                        + "': use application/x-www-form-urlencoded (or application/json for client_credentials).");
    }

    private Response formToken(Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (isBlank(grantType)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : grant_type");
        }
        if (!grantType.equals("authorization_code") && !grantType.equals("refresh_token")) {
            if (grantType.equals("client_credentials")) {
                return ApiErrors.lwa(400, "invalid_request", "client_credentials for the Creators API must be sent as a JSON body.");
            }
            return ApiErrors.lwa(400, "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server");
        }
        Response clientError = checkClient(form.get("client_id"), form.get("client_secret"));
        if (clientError != null) {
            return clientError;
        }
        Response throttled = throttle(form.get("client_id"));
        if (throttled != null) {
            return throttled;
        }
        return grantType.equals("authorization_code") ? authorizationCode(form) : refresh(form);
    }

    private Response authorizationCode(Map<String, String> form) {
        String code = form.get("code");
        String redirectUri = form.get("redirect_uri");
        if (isBlank(code)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : code");
        }
        if (isBlank(redirectUri)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : redirect_uri");
        }
        var c = tokens.redeemCode(code);
        if (c.isEmpty()) {
            return ApiErrors.lwa(400, "invalid_grant", "The request has an invalid grant parameter : code");
        }
        if (!c.get().redirectUri().equals(redirectUri) || !c.get().clientId().equals(form.get("client_id"))) {
            return ApiErrors.lwa(400, "invalid_grant", "The redirect_uri or client_id does not match the authorization request");
        }
        if (c.get().codeChallenge() != null
                && !Pkce.verifies(form.get("code_verifier"), c.get().codeChallenge(), c.get().codeChallengeMethod())) {
            // RFC 7636 §4.6: a verifier that does not match the challenge (or none at all) is invalid_grant; the code is spent
            return ApiErrors.lwa(400, "invalid_grant", "The request has an invalid grant parameter : code_verifier");
        }
        String userId = c.get().userId();
        return tokenReply(tokens.issueAccessToken(userId, form.get("client_id")), tokens.issueRefreshToken(userId, form.get("client_id")));
    }

    private Response refresh(Map<String, String> form) {
        String refreshToken = form.get("refresh_token");
        if (isBlank(refreshToken)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : refresh_token");
        }
        var g = tokens.refreshGrant(refreshToken);
        if (g.isEmpty() || !g.get().clientId().equals(form.get("client_id"))) {
            return ApiErrors.lwa(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
        }
        String access = tokens.issueAccessToken(g.get().userId(), g.get().clientId());
        return tokenReply(access, config.lwa().omitRefreshTokenOnRefresh() ? null : refreshToken);
    }

    private Response jsonToken(String region, byte[] body) {
        JsonNode n;
        try {
            n = mapper.readTree(body);
        } catch (Exception e) {
            return ApiErrors.lwa(400, "invalid_request", "Malformed JSON body");
        }
        if (n == null || !n.isObject()) {
            return ApiErrors.lwa(400, "invalid_request", "Malformed JSON body");
        }
        String grantType = text(n, "grant_type");
        if (isBlank(grantType)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : grant_type");
        }
        if (!grantType.equals("client_credentials")) {
            return ApiErrors.lwa(400, "invalid_request",
                    "grant_type " + grantType + " must be sent form-encoded (application/x-www-form-urlencoded)");
        }
        String id = text(n, "client_id");
        String secret = text(n, "client_secret");
        String scope = text(n, "scope");
        if (isBlank(id) || isBlank(secret)) {
            return ApiErrors.lwa(400, "invalid_request",
                    "The request is missing a required parameter : " + (isBlank(id) ? "client_id" : "client_secret"));
        }
        if (isBlank(scope)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : scope");
        }
        counters.credential("lwa", id);
        // a Creators credential is known at its own region's LWA host only (3.1 NA, 3.2 EU, 3.3 FE)
        AssociateStores.Store store = stores.byCreatorsCredential(id, secret).filter(s -> s.region().equals(region)).orElse(null);
        if (store == null) {
            counters.authFailure("lwa");
            return ApiErrors.lwa(401, "invalid_client", "Client authentication failed");
        }
        if (!CREATORS_SCOPE.equals(scope)) {
            return ApiErrors.lwa(400, "invalid_scope", "An unknown scope was requested");
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("access_token", creatorsTokens.issueLwa(store));
        reply.put("token_type", "bearer");
        reply.put("expires_in", creatorsTokens.ttlSeconds());
        return Response.ok(reply, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response checkClient(String clientId, String secret) {
        if (isBlank(clientId)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : client_id");
        }
        if (isBlank(secret)) {
            return ApiErrors.lwa(400, "invalid_request", "The request is missing a required parameter : client_secret");
        }
        counters.credential("lwa", clientId);
        if (!config.lwa().clientId().equals(clientId) || !config.lwa().clientSecret().equals(secret)) {
            counters.authFailure("lwa");
            return ApiErrors.lwa(401, "invalid_client", "Client authentication failed");
        }
        return null;
    }

    private Response throttle(String clientId) {
        RateLimiter.Decision d = limiter.tryAcquire("lwa", clientId);
        if (d.allowed()) {
            return null;
        }
        counters.throttled("lwa");
        return ApiErrors.throttled("lwa", d.retryAfterSeconds());
    }

    private Response tokenReply(String accessToken, String refreshToken) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("access_token", accessToken);
        if (refreshToken != null) {
            reply.put("refresh_token", refreshToken);
        }
        reply.put("token_type", "bearer");
        reply.put("expires_in", tokens.accessTokenTtlSeconds());
        return Response.ok(reply, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    // ---- consent page ------------------------------------------------------------------------

    /** The consent page (templates/LwaResource/consent.html); Qute escapes every value for HTML. */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance consent(AuthorizeRequest request, List<ConsentUser> users);
    }

    /** The authorize request the consent form carries to its submission (absent optional values as empty strings). */
    record AuthorizeRequest(String clientId, String scope, String responseType, String redirectUri, String state,
            String codeChallenge, String codeChallengeMethod) {
    }

    record ConsentUser(String userId, String name, String email, int adsAccounts) {
    }

    @GET
    @Path("/ap/oa")
    public Response authorizePage(@QueryParam("client_id") String clientId, @QueryParam("scope") String scope,
            @QueryParam("response_type") String responseType, @QueryParam("redirect_uri") String redirectUri,
            @QueryParam("state") String state, @QueryParam("code_challenge") String codeChallenge,
            @QueryParam("code_challenge_method") String codeChallengeMethod) {
        Response invalid = checkAuthorizeRequest(clientId, redirectUri);
        if (invalid != null) {
            return invalid;
        }
        String pkceError = Pkce.invalidRequest(codeChallenge, codeChallengeMethod);
        if (pkceError != null) {
            return redirect(redirectUri, Map.of("error", "invalid_request", "error_description", pkceError), state);
        }
        if (!"code".equals(responseType)) {
            return redirect(redirectUri, Map.of("error", "unsupported_response_type",
                    "error_description", "response_type must be code"), state);
        }
        if (isBlank(scope)) {
            return redirect(redirectUri, Map.of("error", "invalid_scope", "error_description", "scope is required"), state);
        }
        AuthorizeRequest request = new AuthorizeRequest(clientId, scope, responseType, redirectUri, orEmpty(state),
                orEmpty(codeChallenge), orEmpty(codeChallengeMethod));
        List<ConsentUser> users = data.users().stream()
                .map(u -> new ConsentUser(u.userId(), u.name(), u.email(), data.accountsOf(u.userId()).size())).toList();
        return Response.ok(Templates.consent(request, users).render(), MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
    }

    @POST
    @Path("/ap/oa")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response authorizeSubmit(byte[] body) {
        Map<String, String> form = FormBody.parse(body);
        String clientId = form.get("client_id");
        String redirectUri = form.get("redirect_uri");
        Response invalid = checkAuthorizeRequest(clientId, redirectUri);
        if (invalid != null) {
            return invalid;
        }
        String state = form.get("state");
        if (!"allow".equals(form.getOrDefault("decision", "allow"))) {
            return redirect(redirectUri, Map.of("error", "access_denied", "error_description", "The user denied the request"), state);
        }
        String userId = form.get("user_id");
        if (userId == null || data.user(userId).isEmpty()) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE).entity("<html><body>Unknown sandbox user</body></html>").build();
        }
        String challenge = form.get("code_challenge");
        String pkceError = Pkce.invalidRequest(challenge, form.get("code_challenge_method"));
        if (pkceError != null) {
            return redirect(redirectUri, Map.of("error", "invalid_request", "error_description", pkceError), state);
        }
        LwaTokens.Code code = tokens.issueCode(userId, clientId, redirectUri, form.get("scope"), isBlank(challenge) ? null : challenge,
                Pkce.method(form.get("code_challenge_method")));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code.code());
        params.put("scope", form.getOrDefault("scope", ""));
        return redirect(redirectUri, params, state);
    }

    private Response checkAuthorizeRequest(String clientId, String redirectUri) {
        if (!config.lwa().clientId().equals(clientId)) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity("<html><body><h1>400 Bad Request</h1><p>An unknown client_id was supplied.</p></body></html>").build();
        }
        if (isBlank(redirectUri) || !(redirectUri.startsWith("http://") || redirectUri.startsWith("https://"))) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE)
                    .entity("<html><body><h1>400 Bad Request</h1><p>redirect_uri is missing or not an absolute http(s) URL.</p></body></html>")
                    .build();
        }
        return null;
    }

    private static Response redirect(String redirectUri, Map<String, String> params, String state) {
        StringBuilder sb = new StringBuilder(redirectUri);
        char sep = redirectUri.contains("?") ? '&' : '?';
        Map<String, String> all = new LinkedHashMap<>(params);
        if (state != null && !state.isEmpty()) {
            all.put("state", state);
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return Response.status(302).location(URI.create(sb.toString())).build();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
