package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Abuse through the gateway (issue 9, scenario 5, short version): at least 1,000 generated malformed requests per
 * service, built from its published OpenAPI document — wrong types, huge and broken bodies, path traversal, SQL
 * metacharacters, bad cursors, missing, expired, foreign-key and unsigned JWTs. Every answer must be a 4xx
 * problem+json that its OpenAPI document describes; never a 5xx, never a stack trace.
 */
@ExtendWith(RunningSuite.class)
class BadInputTest {

    private static final int PER_SERVICE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static final List<String> BAD_VALUES = List.of("../../etc/passwd", "..%2f..%2fetc%2fpasswd", "' OR '1'='1",
            "1; DROP TABLE products;--", "<script>alert(1)</script>", "%00", "-1", "0", "99999999999999999999", "NaN",
            "1e309", "", " ", "\uD83D\uDE00", "null", "{}", "[]", "true", "A".repeat(5_000), "2026-13-45", "../",
            "$(id)", "${jndi:ldap://127.0.0.1/x}", "\\x00\\x1b[31m", "eyJub3QiOiJhIGN1cnNvciJ9", "not/a/cursor==");
    static final List<String> BAD_BODIES = List.of("{", "{\"a\":", "null", "[]", "\"text\"", "123",
            "[".repeat(3_000) + "]".repeat(3_000), "{\"asin\":{\"$gt\":\"\"}}", "{\"ids\":\"not-a-list\"}",
            "{\"asin\":\"" + "B".repeat(1_500_000) + "\"}", "\u0000\u0001binary", "{\"asin\":\"B08DQQ8CBP\",\"asin\":[1,2]}");

    enum Auth {
        NONE,
        EXPIRED,
        FOREIGN_KEY,
        UNSIGNED,
        USER,
        ADMIN
    }

    /** An operation of the service's OpenAPI document, or an undocumented probe ({@code documented} false). */
    record Operation(String method, String template, List<JsonNode> parameters, boolean hasBody, boolean documented) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "account-service,/api/v1/accounts|/api/v1/auth|/api/v1/tokens|/dashboard",
            "marketdata-service,/api/v1/market-data", "catalog-service,/api/v1/catalog" })
    void malformedRequestsGetProblemsNeverServerErrors(String service, String prefixes) throws Exception {
        // the OpenAPI document is published on the management interface, like health and metrics
        String spec = fetch(RunningSuite.MANAGEMENT.get(service) + "/q/openapi?format=json");
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
        List<Operation> operations = operations(JSON.readTree(spec), List.of(prefixes.split("\\|")));
        if (operations.isEmpty()) {
            // nothing public yet: abuse the prefixes themselves
            for (String prefix : prefixes.split("\\|")) {
                operations.add(new Operation("GET", prefix + "/{id}", List.of(), false, false));
            }
        }
        Random random = new Random(service.hashCode());
        UUID user = UUID.randomUUID();
        List<String> violations = new ArrayList<>();
        int sent = 0;
        int upstreamAnswers = 0;
        Iterator<Operation> cycle = cycle(operations);
        while (sent < PER_SERVICE) {
            Operation op = cycle.next();
            Auth auth = Auth.values()[sent % Auth.values().length];
            String badValue = BAD_VALUES.get(random.nextInt(BAD_VALUES.size()));
            String encoded = URLEncoder.encode(badValue, StandardCharsets.UTF_8).replace("+", "%20");
            String path = op.template().replaceAll("\\{[^}]+}", Matcher.quoteReplacement(encoded));
            StringBuilder query = new StringBuilder();
            for (JsonNode p : op.parameters()) {
                if ("query".equals(p.path("in").asText()) && random.nextBoolean()) {
                    query.append(query.length() == 0 ? "?" : "&").append(p.path("name").asText()).append('=')
                            .append(URLEncoder.encode(BAD_VALUES.get(random.nextInt(BAD_VALUES.size())), StandardCharsets.UTF_8));
                }
            }
            if (query.length() == 0) {
                query.append("?limit=").append(URLEncoder.encode(badValue, StandardCharsets.UTF_8))
                        .append("&next_token=").append(URLEncoder.encode(BAD_VALUES.get(random.nextInt(BAD_VALUES.size())),
                                StandardCharsets.UTF_8));
            }
            String body = op.hasBody() || random.nextInt(4) == 0 ? BAD_BODIES.get(random.nextInt(BAD_BODIES.size())) : null;
            String contentType = random.nextInt(5) == 0 ? "text/plain" : "application/json";

            HttpResponse<String> response = send(op.method(), path + query, body, contentType, token(auth, user));
            sent++;
            if (response.statusCode() == 503 && isUpstreamProblem(response)) {
                upstreamAnswers++;
            }
            String problem = check(response);
            if (problem == null && op.documented() && !encoded.isBlank() && pathStaysInside(path)
                    && response.statusCode() != 414 && response.statusCode() != 413) {
                ValidationReport report = validator.validateResponse(op.template(), Request.Method.valueOf(op.method()),
                        SimpleResponse.Builder.status(response.statusCode())
                                .withContentType(response.headers().firstValue("Content-Type").orElse(""))
                                .withBody(response.body()).build());
                if (report.hasErrors()) {
                    problem = "response not as documented: " + report.getMessages().get(0).getMessage();
                }
            }
            if (problem != null && violations.size() < 25) {
                String request = op.method() + " " + path + query;
                violations.add((request.length() > 160 ? request.substring(0, 160) + "…" : request) + " [" + auth + "] → "
                        + response.statusCode() + ": " + problem);
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(PER_SERVICE);
        assertThat(upstreamAnswers).as("%s: requests that were valid enough to reach the upstream", service)
                .isLessThan(PER_SERVICE / 10);
        assertThat(violations).as("%s: malformed requests answered wrongly", service).isEmpty();
    }

    /** A client-made cursor: valid base64url JSON, unsigned (cursors carry an HMAC since issue 15). */
    static final String FORGED_CURSOR = "eyJpIjoxfQ";

    /**
     * Issue 15 items 2, 10 and 12 through the gateway: NUL, broken UTF-8 (an invalid sequence and a lone surrogate),
     * a forged or re-signed cursor, an absurd number and a lenient UUID are each a 400 problem naming the field.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ';', value = {
            "USER; GET; /api/v1/accounts?q=a%00b; q",
            "USER; GET; /api/v1/accounts?q=%C3%28; q",
            "USER; GET; /api/v1/accounts?q=%ED%A0%80; q",
            "USER; GET; /api/v1/accounts?next_token=" + FORGED_CURSOR + "; next_token",
            "USER; GET; /api/v1/accounts?next_token=" + FORGED_CURSOR + ".AAAAAAAAAAAAAAAAAAAAAA; next_token",
            "USER; GET; /api/v1/accounts?limit=1e400000000; limit",
            "USER; GET; /api/v1/accounts/sync/1-1-1-1-1; runId",
            "USER; GET; /api/v1/market-data/SPY/options?strike_min=1e30000000; strike_min",
            "USER; GET; /api/v1/market-data/SPY/options?strike_max=1e400000000; strike_max",
            "USER; GET; /api/v1/market-data/SPY/options?type=c%00all; type",
            "USER; GET; /api/v1/market-data/SPY/options?expiration=%C3%28; expiration",
            "USER; GET; /api/v1/market-data/SPY/options?expiration=%ED%A0%80; expiration",
            "USER; GET; /api/v1/market-data/SPY/options?next_token=" + FORGED_CURSOR + "; next_token",
            "NONE; GET; /api/v1/catalog/products?marketplace=www.amazon.com%00; marketplace",
            "NONE; GET; /api/v1/catalog/products?marketplace=%C3%28; marketplace",
            "NONE; GET; /api/v1/catalog/products?marketplace=%ED%A0%80; marketplace",
            "NONE; GET; /api/v1/catalog/products?next_token=" + FORGED_CURSOR + "; next_token",
            "NONE; GET; /api/v1/catalog/refresh-jobs?next_token=" + FORGED_CURSOR + "; next_token",
            "NONE; GET; /api/v1/catalog/products?limit=99999999999999999999999; limit",
            "NONE; GET; /api/v1/catalog/products/1-1-1-1-1; id",
            "ADMIN; POST; /api/v1/catalog/products/import; marketplace" })
    void nulBrokenUnicodeForgedCursorsAndAbsurdNumbersNameTheField(Auth auth, String method, String pathAndQuery,
            String field) throws Exception {
        String body = method.equals("POST") ? "{\"asin\":\"B08DQQ8CBP\",\"marketplace\":\"www.amazon.com\\u0000\"}" : null;
        HttpResponse<String> response = send(method, pathAndQuery, body, "application/json", token(auth, UUID.randomUUID()));
        assertThat(response.statusCode()).as("%s %s: %s", method, pathAndQuery, response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("errors").path(0).path("field").asText()).as(response.body()).isEqualTo(field);
    }

    /** Null when the answer is a proper client error; else what is wrong with it. */
    static String check(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status == 503 && isUpstreamProblem(response)) {
            // a value that happens to be valid (e.g. the ticker "NAN") reached the upstream, whose budget is spent:
            // an honest answer about the upstream, not a fault of ours (counted and bounded by the caller)
            return null;
        }
        if (status >= 500) {
            return "server error " + body.substring(0, Math.min(200, body.length()));
        }
        if (status < 400) {
            return null; // a malformed value the service legitimately accepts (e.g. an unknown-but-valid filter)
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "error without problem+json (" + type + ")";
        }
        for (String leak : List.of("Exception", "\tat ", "org.hibernate", "io.vertx", "SQLState", "postgres://")) {
            if (body.contains(leak)) {
                return "error body leaks internals (" + leak + ")";
            }
        }
        return null;
    }

    static boolean isUpstreamProblem(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && response.body() != null && response.body().contains("\"urn:problem-type:upstream-");
    }

    private static boolean pathStaysInside(String path) {
        return !path.contains("..") && !path.contains("%2f") && !path.contains("%2F");
    }

    static String token(Auth auth, UUID user) {
        return switch (auth) {
            case NONE -> null;
            case EXPIRED -> DevTokens.expired(user);
            case FOREIGN_KEY -> DevTokens.foreignKey(user);
            case UNSIGNED -> DevTokens.unsigned(user);
            case USER -> DevTokens.user(user);
            case ADMIN -> DevTokens.admin(user);
        };
    }

    static HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(RunningSuite.GATEWAY + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        SuiteAnswers.record(answer); // for OpenApiDriftTest, also the answers this test leaves to it (413, 414, blank values)
        return answer;
    }

    static List<Operation> operations(JsonNode spec, List<String> prefixes) {
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (prefixes.stream().noneMatch(path.getKey()::startsWith)) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> m = methods.next();
                if (!List.of("get", "post", "put", "patch", "delete").contains(m.getKey())) {
                    continue;
                }
                List<JsonNode> params = new ArrayList<>();
                m.getValue().path("parameters").forEach(params::add);
                path.getValue().path("parameters").forEach(params::add);
                ops.add(new Operation(m.getKey().toUpperCase(), path.getKey(), params, m.getValue().has("requestBody"), true));
            }
        }
        return ops;
    }

    private static <T> Iterator<T> cycle(List<T> items) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public T next() {
                return items.get(i++ % items.size());
            }
        };
    }

    private static String fetch(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }
}
