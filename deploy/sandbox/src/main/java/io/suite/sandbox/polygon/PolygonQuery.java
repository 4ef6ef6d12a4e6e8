package io.suite.sandbox.polygon;

import static io.suite.sandbox.polygon.PolygonReplies.badRequest;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

/** The effective query: the request's own parameters, or those stored in its {@code cursor}. */
final class PolygonQuery {

    private final Map<String, String> params;
    private final String path;

    private PolygonQuery(Map<String, String> params, String path) {
        this.params = params;
        this.path = path;
    }

    static PolygonQuery of(UriInfo uri, String path) {
        MultivaluedMap<String, String> qp = uri.getQueryParameters();
        Map<String, String> params = new TreeMap<>();
        String cursor = qp.getFirst("cursor");
        if (cursor != null) {
            Map<String, String> decoded = decodeCursor(cursor);
            if (decoded == null) {
                throw new PolygonAccess.PolygonError(badRequest("Invalid cursor"));
            }
            params.putAll(decoded);
        } else {
            qp.forEach((k, v) -> {
                if (!k.equals("apiKey") && !v.isEmpty()) {
                    params.put(k, v.get(0));
                }
            });
        }
        return new PolygonQuery(params, path);
    }

    String get(String name) {
        return params.get(name);
    }

    int offset() {
        String o = params.get("__offset");
        return o == null ? 0 : Integer.parseInt(o);
    }

    int intParam(String name, int dflt, int min, int max) {
        String v = params.get(name);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new PolygonAccess.PolygonError(badRequest("Invalid value for '" + name + "': not an integer"));
        }
        if (n > max) {
            throw new PolygonAccess.PolygonError(
                    badRequest("Invalid value for '" + name + "': " + name + " must be less than or equal to " + max));
        }
        if (n < min) {
            throw new PolygonAccess.PolygonError(
                    badRequest("Invalid value for '" + name + "': " + name + " must be greater than or equal to " + min));
        }
        return n;
    }

    String nextUrl(UriInfo uri, int nextOffset) {
        Map<String, String> p = new TreeMap<>(params);
        p.put("__offset", Integer.toString(nextOffset));
        return base(uri) + "/polygon" + path + "?cursor=" + encodeCursor(p);
    }

    static String base(UriInfo uri) {
        String b = uri.getBaseUri().toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    static String encodeCursor(Map<String, String> p) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(p).forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Map<String, String> out = new TreeMap<>();
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    return null;
                }
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            String o = out.get("__offset");
            if (o != null && !o.matches("\\d{1,9}")) {
                return null;
            }
            return out;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
