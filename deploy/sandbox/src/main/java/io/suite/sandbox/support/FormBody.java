package io.suite.sandbox.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses an application/x-www-form-urlencoded body (first value wins). */
public final class FormBody {

    private FormBody() {
    }

    public static Map<String, String> parse(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return out;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
