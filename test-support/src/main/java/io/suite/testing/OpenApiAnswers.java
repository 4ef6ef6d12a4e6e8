package io.suite.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The drift check between what the services answer and what their OpenAPI documents declare: the suite and fault
 * tests {@link #record} every (method, path, status) a service gave them, and at the end {@link #undeclared} lists each
 * one the service's own {@code /q/openapi} does not declare. A concrete path matches a document's template segment by
 * segment ({@code {id}} is exactly one segment, as the services route it; a literal path wins over a template; a trailing
 * slash is ignored); a status is declared by its own code or a range ({@code 4XX}), never by {@code default}. A 401,
 * 404 or 405 for an operation the document does not have (a probe of a path or method that does not exist) is not
 * drift; any other answer there is. Requests to anything but a service's API
 * (the sandbox, management ports, the HTML dashboard, which the documents leave out by design) are not recorded.
 */
public final class OpenApiAnswers {

    /** One answer a test received from a service. */
    public record Answer(String service, String method, String path, int status) {
        @Override
        public String toString() {
            return service + ": " + method + " " + path + " → " + status;
        }
    }

    /** The API paths each service serves (as the gateway routes them). */
    static final Map<String, String> SERVICES = Map.of("/api/v1/accounts", "account-service", "/api/v1/auth",
            "account-service", "/api/v1/tokens", "account-service", "/api/v1/market-data", "marketdata-service",
            "/api/v1/catalog", "catalog-service");

    /** What a service answers for an operation it does not have (unknown path, or no such method on it). */
    private static final Set<Integer> REFUSALS = Set.of(401, 404, 405);

    private final Set<Answer> received = ConcurrentHashMap.newKeySet();

    /** Records an answer; {@code url} may be absolute or a path, with or without a query. */
    public void record(String method, String url, int status) {
        String path = pathOf(url);
        String service = serviceOf(path);
        if (service != null) {
            received.add(new Answer(service, method.toUpperCase(Locale.ROOT), path, status));
        }
    }

    public Set<Answer> received() {
        return Set.copyOf(received);
    }

    /**
     * Every received answer its service's document does not declare, one line each, sorted; a service whose document
     * {@code documents} cannot give (null) is reported once per answer.
     */
    public List<String> undeclared(Function<String, Document> documents) {
        Map<String, Optional<Document>> byService = new ConcurrentHashMap<>();
        Set<String> out = new TreeSet<>();
        for (Answer a : received) {
            Optional<Document> doc = byService.computeIfAbsent(a.service(), s -> Optional.ofNullable(documents.apply(s)));
            if (doc.isEmpty()) {
                out.add(a + ": no OpenAPI document of " + a.service() + " to check it against");
                continue;
            }
            if (!doc.get().hasOperation(a.method(), a.path()) && REFUSALS.contains(a.status())) {
                continue; // an operation the service does not have: no document can declare it, and it is refused as it should be
            }
            doc.get().undeclared(a.method(), a.path(), a.status()).ifPresent(why -> out.add(a + ": " + why));
        }
        return new ArrayList<>(out);
    }

    static String serviceOf(String path) {
        for (Map.Entry<String, String> e : SERVICES.entrySet()) {
            if (path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")) {
                return e.getValue();
            }
        }
        return null;
    }

    static String pathOf(String url) {
        String path = url;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            path = path.substring(0, fragment);
        }
        // the services route /products/ as /products (RESTEasy Reactive), so the document's /products declares it
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** What one OpenAPI document declares: per path template and method, the response statuses. */
    public static final class Document {

        private record Operation(String method, String template, String[] segments, Set<String> statuses) {
        }

        private static final ObjectMapper JSON = new ObjectMapper();
        // HTTP/1.1: an h2c upgrade of a large document failed once (frame size) on a management port
        private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();

        private final List<Operation> operations;

        private Document(List<Operation> operations) {
            this.operations = operations;
        }

        /** The document served at {@code url} (e.g. {@code http://127.0.0.1:9081/q/openapi?format=json}). */
        public static Document fetch(String url) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(url + " answered " + r.statusCode());
                }
                return parse(r.body());
            } catch (IOException e) {
                throw new IllegalStateException(url + " could not be read", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(url + " interrupted", e);
            }
        }

        public static Document parse(String json) {
            JsonNode root;
            try {
                root = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("not an OpenAPI document in JSON", e);
            }
            List<Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (!op.getValue().has("responses")) {
                        continue; // "parameters", "summary" and the like
                    }
                    Set<String> statuses = new TreeSet<>();
                    op.getValue().get("responses").fieldNames().forEachRemaining(statuses::add);
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), path.getKey().split("/", -1),
                            statuses));
                }
            }
            return new Document(operations);
        }

        /** Whether an operation of {@code method} has a template that matches {@code path}. */
        public boolean hasOperation(String method, String path) {
            String[] segments = pathOf(path).split("/", -1);
            return operations.stream()
                    .anyMatch(op -> op.method().equals(method.toUpperCase(Locale.ROOT)) && match(op.segments(), segments) >= 0);
        }

        /** Why {@code status} for {@code method path} is not declared, or empty when it is. */
        public Optional<String> undeclared(String method, String path, int status) {
            String m = method.toUpperCase(Locale.ROOT);
            String[] segments = pathOf(path).split("/", -1);
            Operation best = null;
            int bestLiterals = -1;
            for (Operation op : operations) {
                int literals = match(op.segments(), segments);
                if (op.method().equals(m) && literals > bestLiterals) {
                    best = op;
                    bestLiterals = literals;
                }
            }
            if (best == null) {
                return Optional.of("no operation " + m + " " + pathOf(path) + " in the document");
            }
            String code = String.valueOf(status);
            String range = code.charAt(0) + "XX";
            if (best.statuses().contains(code) || best.statuses().contains(range)
                    || best.statuses().contains(range.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            return Optional.of(code + " is not declared by " + m + " " + best.template() + ", which declares "
                    + String.join(", ", best.statuses()));
        }

        /** The number of literal segments when {@code path} matches {@code template}, else -1. */
        private static int match(String[] template, String[] path) {
            if (template.length != path.length) {
                return -1;
            }
            int literals = 0;
            for (int i = 0; i < template.length; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    continue; // any one segment, an empty one too: the services route {id} so (and answer 400 for it)
                } else if (t.equals(path[i])) {
                    literals++;
                } else {
                    return -1;
                }
            }
            return literals;
        }
    }
}
