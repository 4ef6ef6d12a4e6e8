package io.suite.marketdata.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Polygon {@code next_url}, taken apart so the next page goes through our configured base URL and REST client
 * (auth header re-sent, guard applied). Whatever host the upstream names, the key is only ever sent to our base URL.
 */
record NextUrl(List<String> segments, Map<String, String> query) {

    /**
     * @param basePath the path of our configured base URL (e.g. {@code /polygon} for the sandbox), stripped when present
     */
    static NextUrl parse(String nextUrl, String basePath) {
        URI uri = URI.create(nextUrl);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String base = basePath == null ? "" : basePath.replaceAll("/+$", "");
        if (!base.isEmpty() && path.startsWith(base + "/")) {
            path = path.substring(base.length());
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!name.equalsIgnoreCase("apiKey")) { // never echo a key that found its way into a URL
                    query.put(name, value);
                }
            }
        }
        return new NextUrl(List.copyOf(segments), Map.copyOf(query));
    }

    /** True when the path is {@code /a/b/...} starting with the given segments. */
    boolean startsWith(String... prefix) {
        if (segments.size() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!segments.get(i).equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }
}
