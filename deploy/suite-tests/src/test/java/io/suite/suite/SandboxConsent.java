package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The sandbox's Login with Amazon consent page, as a user clicking through it. */
final class SandboxConsent {

    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private SandboxConsent() {
    }

    /** The consent page for the authorize query our service redirected to (it lists the sandbox's Amazon users). */
    static String page(String authorizeQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SANDBOX + "/lwa/ap/oa?" + authorizeQuery)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Allows access as the given sandbox Amazon user; the callback URL LWA redirects the browser to. */
    static URI allow(String authorizeQuery, String amazonUser) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String kv : authorizeQuery.split("&")) {
            String[] p = kv.split("=", 2);
            form.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        form.put("user_id", amazonUser);
        form.put("decision", "allow");
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> consent = HTTP.send(HttpRequest.newBuilder(URI.create(SANDBOX + "/lwa/ap/oa"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(consent.statusCode()).as("consent answer").isEqualTo(302);
        return URI.create(consent.headers().firstValue("Location").orElseThrow());
    }
}
