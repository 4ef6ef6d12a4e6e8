package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The sandbox's Login with Amazon consent page, as a user clicking through it, and the connect flow around it as a
 * client does it: {@code /authorize} sets a cookie binding the flow to that client, and the callback must come from the
 * same client (the same cookie jar) as the same user.
 */
final class SandboxConsent {

    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private SandboxConsent() {
    }

    /** A client with a cookie jar of its own (a browser profile, as far as cookies go); it follows no redirect. */
    record Client(HttpClient http, String bearer) {

        static Client withBearer(UUID user) {
            return new Client(jar(), "Bearer " + DevTokens.user(user));
        }

        /** A browser-like client signed in through the dashboard's development sign-in (a session cookie). */
        static Client signedInToTheDashboard(UUID user) throws IOException, InterruptedException {
            Client c = new Client(jar(), null);
            HttpResponse<String> signIn = c.send(HttpRequest.newBuilder(URI.create(RunningSuite.GATEWAY + "/dashboard/dev-sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user_id=" + user + "&next=%2Fdashboard")));
            assertThat(signIn.statusCode()).as("development sign-in").isEqualTo(303);
            return c;
        }

        HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
            if (accept != null) {
                b.header("Accept", accept);
            }
            return send(b);
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (bearer != null) {
                request.header("Authorization", bearer);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            SuiteAnswers.record(answer);
            return answer;
        }

        private static HttpClient jar() {
            return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
        }
    }

    /** GET /api/v1/auth/amazon/authorize (or the dashboard's reconnect) in this client: the query of LWA's consent URL. */
    static String start(Client client, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = client.get(RunningSuite.GATEWAY + path, null);
        assertThat(answer.statusCode()).as("%s answer: %s", path, answer.body()).isEqualTo(303);
        assertThat(answer.headers().allValues("Set-Cookie")).as("the flow cookie").anyMatch(c -> c.startsWith("suite_lwa_flow="));
        URI consent = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(consent.getPath()).isEqualTo("/lwa/ap/oa");
        return consent.getRawQuery();
    }

    /** The whole API flow for one client: authorize, allow as the given sandbox Amazon user, callback (JSON). */
    static void connect(Client client, String amazonUser) throws IOException, InterruptedException {
        String query = start(client, "/api/v1/auth/amazon/authorize");
        HttpResponse<String> done = client.get(allow(query, amazonUser).toString(), "application/json");
        assertThat(done.statusCode()).as("callback answer: %s", done.body()).isEqualTo(200);
        assertThat(done.body()).contains("\"connected\":true");
    }

    static String queryParam(URI uri, String name) {
        for (String kv : uri.getRawQuery().split("&")) {
            if (kv.startsWith(name + "=")) {
                return URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
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
