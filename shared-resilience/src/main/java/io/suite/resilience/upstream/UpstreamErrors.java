package io.suite.resilience.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.resilience.retry.RetryAfter;
import io.vertx.core.VertxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns an upstream HTTP status, body and headers, or a transport failure, into the typed {@link UpstreamException}s.
 * Error bodies are read with the managed {@code ObjectMapper} (a bean, so that it can inject it).
 */
@ApplicationScoped
public class UpstreamErrors {

    private final ObjectMapper json;

    public UpstreamErrors(ObjectMapper json) {
        this.json = json;
    }

    /** Maps an error response. {@code upstream} may be null: the guard attaches the name later. */
    public UpstreamException fromResponse(String upstream, int status, String body, String retryAfterHeader, Clock clock) {
        ErrorDetail detail = ErrorDetail.parse(json, body);
        Duration retryAfter = RetryAfter.parse(retryAfterHeader, clock).orElse(null);
        if (status == 429) {
            return new UpstreamRateLimitedException(upstream, status, detail.code(), detail.message(), retryAfter);
        }
        if (status == 401) {
            return new UpstreamUnauthorizedException(upstream, detail.code(), detail.message());
        }
        if (status >= 500 || status == 408 || status == 499) {
            return new UpstreamUnavailableException(upstream, status, detail.code(), detail.message(), retryAfter, null);
        }
        return new UpstreamRejectedException(upstream, status, detail.code(), detail.message());
    }

    public UpstreamException fromResponse(String upstream, Response response, Clock clock) {
        String body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException e) {
            // an unreadable body still leaves the status, which is what decides the type
        }
        return fromResponse(upstream, response.getStatus(), body, response.getHeaderString("Retry-After"), clock);
    }

    /**
     * Classifies any failure of an outbound call. Transport problems (timeouts, refused or reset connections) become
     * {@link UpstreamUnavailableException}; anything else that is not an upstream's answer is returned unchanged,
     * since a bug of ours is not the upstream's fault.
     */
    public Throwable classify(String upstream, Throwable failure, Clock clock) {
        if (failure instanceof UpstreamException e) {
            return e.attachUpstream(upstream);
        }
        if (failure instanceof WebApplicationException wae && wae.getResponse() != null) {
            return fromResponse(upstream, wae.getResponse(), clock);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof IOException || t instanceof VertxException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return new UpstreamUnavailableException(upstream, 0, transportCode(t), t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage()), null, failure);
            }
        }
        if (failure instanceof ProcessingException) {
            return new UpstreamUnavailableException(upstream, 0, "ProcessingError", failure.getMessage(), null, failure);
        }
        return failure;
    }

    private static String transportCode(Throwable t) {
        if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
            return "Timeout";
        }
        return "ConnectionError";
    }

    /** The error code and message in the shapes our upstreams use (LWA, Ads, Polygon, PA-API, Creators API). */
    record ErrorDetail(String code, String message) {

        static ErrorDetail parse(ObjectMapper json, String body) {
            if (body == null || body.isBlank()) {
                return new ErrorDetail(null, null);
            }
            try {
                JsonNode root = json.readTree(body);
                if (root == null || !root.isObject()) {
                    return new ErrorDetail(null, snippet(body));
                }
                JsonNode first = firstOf(root.get("errors"), root.get("Errors"));
                if (first != null) {
                    return new ErrorDetail(text(first, "code", "Code", "errorCode"),
                            text(first, "message", "Message", "errorMessage", "details"));
                }
                String code = text(root, "error", "code", "Code", "reason", "__type");
                String message = text(root, "error_description", "message", "Message", "details");
                if ("ERROR".equals(text(root, "status")) && code != null && message == null) {
                    // Polygon: {"status":"ERROR","error":"Unknown API Key"}: the "error" is the message
                    return new ErrorDetail(text(root, "status"), code);
                }
                return new ErrorDetail(code, message);
            } catch (IOException e) {
                return new ErrorDetail(null, snippet(body));
            }
        }

        private static JsonNode firstOf(JsonNode... arrays) {
            for (JsonNode a : arrays) {
                if (a != null && a.isArray() && !a.isEmpty()) {
                    return a.get(0);
                }
            }
            return null;
        }

        private static String text(JsonNode node, String... fields) {
            for (String f : fields) {
                JsonNode v = node.get(f);
                if (v != null && v.isValueNode() && !v.asText().isBlank()) {
                    return v.asText();
                }
            }
            return null;
        }

        private static String snippet(String body) {
            String s = body.strip();
            return s.length() > 200 ? s.substring(0, 200) : s;
        }
    }
}
