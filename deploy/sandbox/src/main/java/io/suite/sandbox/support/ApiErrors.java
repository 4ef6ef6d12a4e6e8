package io.suite.sandbox.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error replies shaped like each real API's, for throttling and server-side failures. */
public final class ApiErrors {

    public static final String POLYGON_THROTTLE_MESSAGE = "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing";

    private ApiErrors() {
    }

    public static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---- LWA -------------------------------------------------------------------------------
    public static Response lwa(int status, String error, String description) {
        return json(status, map("error", error, "error_description", description, "request_id", Ids.uuid()));
    }

    // ---- Amazon Ads ------------------------------------------------------------------------
    public static Response adsErrors(int status, String code, String message) {
        return json(status, map("errors", List.of(map("code", code, "message", message))));
    }

    /** The 401 body the Ads API sends for a bad, expired or missing token or client id. */
    public static Response adsUnauthorized(String details) {
        return json(401, map("code", "UNAUTHORIZED", "details", details, "requestId", Ids.amzRid()));
    }

    public static Response adsThrottled(long retryAfterSeconds) {
        return Response
                .fromResponse(adsErrors(429, "THROTTLED", "Request was throttled. Please retry after the time given in Retry-After."))
                .header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }

    // ---- Polygon ---------------------------------------------------------------------------
    public static Response polygonError(int status, String error) {
        return json(status, map("status", "ERROR", "request_id", Ids.hex(16), "error", error));
    }

    public static Response polygonThrottled() {
        return polygonError(429, POLYGON_THROTTLE_MESSAGE);
    }

    // ---- PA-API 5.0 ------------------------------------------------------------------------
    public static Response paapi(int status, String exception, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header("X-Amzn-Requestid", Ids.uuid())
                .entity(map("__type", "com.amazon.paapi5#" + exception,
                        "Errors", List.of(map("Code", code, "Message", message))))
                .build();
    }

    public static Response paapiThrottled() {
        return paapi(429, "TooManyRequestsException", "TooManyRequests",
                "The request was denied due to request throttling. Please verify the number of requests made per second to the Amazon Product Advertising API.");
    }

    /**
     * The credential's daily request quota (TPD) is spent. Amazon documents that requests beyond the TPD are throttled
     * (429 TooManyRequests) but not the message; this one names the daily quota, as a client must tell it from the
     * per-second throttle (no Retry-After: PA-API sends none).
     */
    public static Response paapiDailyQuota() {
        return paapi(429, "TooManyRequestsException", "TooManyRequests",
                "The request was denied due to request throttling: the daily request quota (TPD) of this account is exhausted."
                        + " Requests will be accepted again when the quota resets.");
    }

    // ---- Creators API ----------------------------------------------------------------------
    public static Response creators(int status, String reason, String message, String type) {
        return json(status, map("message", message, "reason", reason, "type", type));
    }

    public static Response creatorsThrottled() {
        return json(429,
                map("type", "ThrottleException", "message", "Rate exceeded", "serviceCode", "creatorsapi", "quotaCode", "GetItems-TPS"));
    }

    /** The credential's daily quota is spent (wording not documented by Amazon: it names the daily quota). */
    public static Response creatorsDailyQuota() {
        return json(429, map("type", "ThrottleException", "message", "Daily request quota exceeded for this credential.",
                "serviceCode", "creatorsapi", "quotaCode", "GetItems-TPD"));
    }

    // ---- per API dispatch used by fault injection --------------------------------------------
    public static Response throttled(String api, long retryAfterSeconds) {
        return switch (api) {
            case "lwa" -> Response.fromResponse(lwa(429, "rate_limit_exceeded", "The request was throttled."))
                    .header("Retry-After", Long.toString(retryAfterSeconds)).build();
            case "ads" -> adsThrottled(retryAfterSeconds);
            case "polygon" -> polygonThrottled();
            case "paapi" -> paapiThrottled();
            default -> creatorsThrottled();
        };
    }

    public static Response serverError(String api, int status) {
        boolean unavailable = status == 503;
        return switch (api) {
            case "lwa" -> lwa(status, unavailable ? "temporarily_unavailable" : "server_error",
                    unavailable ? "The authorization server is temporarily unavailable."
                            : "The authorization server encountered an unexpected condition.");
            case "ads" -> adsErrors(status, unavailable ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR",
                    unavailable ? "Service unavailable. Please try again later." : "Internal error. Please try again later.");
            case "polygon" -> polygonError(status, unavailable ? "Service Unavailable" : "Internal Server Error");
            case "paapi" -> unavailable
                    ? paapi(status, "ServiceUnavailableException", "ServiceUnavailable",
                            "The service is temporarily unavailable. Please try again later.")
                    : paapi(status, "InternalFailureException", "InternalFailure",
                            "The request processing has failed because of an unknown error, exception or failure.");
            default -> creators(status, unavailable ? "ServiceUnavailable" : "InternalFailure",
                    unavailable ? "Service unavailable" : "Internal server error",
                    unavailable ? "ServiceUnavailableException" : "InternalServerException");
        };
    }
}
