package io.suite.resilience.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the errors every operation can answer, as problem+json with an example of each problem type, so the
 * published OpenAPI document tells the truth about them (clients, the bad-input suite and the suite's drift check read
 * it): 400 when it takes input, 413/415 when it takes a body, 401/403 when it is secured, 404 when it addresses a
 * resource, 503 (with Retry-After) and 500 always.
 * <p>
 * Two answers depend on what an operation does, which the operation says with an {@code @Extension}:
 * <ul>
 * <li>{@code @Extension(name = ProblemResponsesFilter.UPSTREAM, value = "polygon")}: it calls that upstream while the
 * client waits, so an upstream 4xx other than 429 reaches the client as {@code 502 upstream-rejected}.</li>
 * <li>{@code @Extension(name = ProblemResponsesFilter.FAIR_SHARE, value = "polygon")}: it draws on that fair-shared
 * budget (or another per-caller limit), so a caller over its share gets {@code 429 too-many-requests} with
 * Retry-After.</li>
 * </ul>
 * The extensions stay in the document ({@code x-upstream}, {@code x-fair-share}), naming the upstream and the budget.
 * Any other 4xx/5xx an operation declares itself ({@code @APIResponse}) gets the problem+json body too, and the
 * generic example of its status unless the annotation gives examples of its own.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    /** Operation extension: the upstream(s) the operation calls while the client waits; adds 502. */
    public static final String UPSTREAM = "x-upstream";
    /** Operation extension: the fair-shared budget (or per-caller limit) the operation is under; adds 429. */
    public static final String FAIR_SHARE = "x-fair-share";

    static final String PROBLEM_REF = "#/components/schemas/Problem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    private static final String CORRELATION_ID = "3f2a9c4e-8b1d-4f6a-9e2b-7c5d1a0b8e4f";

    /** The problem types each status can carry, as the shared mappers and classifier write them. */
    private static final Map<String, List<Map<String, Object>>> EXAMPLES = Map.ofEntries(
            Map.entry("400", List.of(problem(400, "invalid-input", "Invalid input", "limit: must be between 1 and 200",
                    List.of(Map.of("field", "limit", "message", "must be between 1 and 200"))))),
            Map.entry("401", List.of(problem(401, "unauthorized", "Unauthorized", "A valid bearer token is required", null))),
            Map.entry("403", List.of(problem(403, "forbidden", "Forbidden", "Your credentials do not allow this operation", null))),
            Map.entry("404", List.of(problem(404, "not-found", "Not found",
                    "product 123e4567-e89b-12d3-a456-426614174000 does not exist", null))),
            Map.entry("405", List.of(problem(405, "method-not-allowed", "Method Not Allowed", "HTTP 405 Method Not Allowed",
                    null))),
            Map.entry("409", List.of(problem(409, "conflict", "Conflict", "a refresh run is already in progress on this instance",
                    null))),
            Map.entry("413", List.of(problem(413, "request-entity-too-large", "Request Entity Too Large",
                    "The request body is too large", null))),
            Map.entry("415", List.of(problem(415, "unsupported-media-type", "Unsupported Media Type",
                    "The content-type header value did not match the value in @Consumes", null))),
            Map.entry("429", List.of(problem(429, "too-many-requests", "Too many requests",
                    "You are over your share of the polygon request budget; other users are still served. Try again after"
                            + " the Retry-After delay",
                    null))),
            Map.entry("500", List.of(problem(500, "internal-error", "Internal error",
                    "The request could not be completed; quote the correlation id when reporting it", null))),
            Map.entry("502", List.of(problem(502, "upstream-rejected", "Upstream rejected the request",
                    "Upstream ads rejected the request (400 INVALID_ARGUMENT): Invalid value for maxResults", null))),
            Map.entry("503", List.of(
                    problem(503, "upstream-unavailable", "Upstream unavailable",
                            "Upstream polygon is failing; calls are paused while its circuit breaker is open", null),
                    problem(503, "upstream-rate-limited", "Upstream rate limit reached",
                            "Upstream polygon is rate limited; try again later", null),
                    problem(503, "database-unavailable", "Database unavailable",
                            "The service's database cannot be reached right now; try again shortly", null))));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean globallySecured = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (path.getValue().getOperations() == null) {
                continue;
            }
            boolean addressesResource = path.getKey().contains("{");
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().getOperations().entrySet()) {
                Operation operation = op.getValue();
                boolean takesInput = addressesResource || operation.getRequestBody() != null
                        || operation.getParameters() != null && !operation.getParameters().isEmpty();
                boolean secured = globallySecured || operation.getSecurity() != null && !operation.getSecurity().isEmpty();
                Map<String, Object> extensions = operation.getExtensions() == null ? Map.of() : operation.getExtensions();
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                APIResponses responses = operation.getResponses();
                if (takesInput) {
                    add(responses, "400", "Invalid input: the problem names each bad field");
                }
                if (operation.getRequestBody() != null) {
                    add(responses, "413", "The request body is too large");
                    add(responses, "415", "The request body is not of a supported media type");
                }
                if (secured) {
                    add(responses, "401", "Missing, expired or invalid bearer token");
                    add(responses, "403", "The token lacks the role this operation needs");
                }
                if (addressesResource) {
                    add(responses, "404", "No such resource");
                }
                if (extensions.containsKey(FAIR_SHARE)) {
                    add(responses, "429", "The caller is over its share of the " + extensions.get(FAIR_SHARE)
                            + " budget (others are still served); Retry-After says when to try again");
                }
                if (extensions.containsKey(UPSTREAM)) {
                    add(responses, "502", extensions.get(UPSTREAM) + " rejected the request (an upstream 4xx other than 429)");
                }
                add(responses, "500", "Unexpected error; quote the correlation id");
                add(responses, "503", "An upstream or the database is unavailable or rate limited; Retry-After when known");
                completeDeclaredProblems(responses);
            }
        }
    }

    private static void add(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    /**
     * Every 4xx/5xx answer, declared here or by the operation's own annotation, is problem+json with the Problem schema,
     * examples (the operation's own, or the generic ones of its status) and, for 429 and 503, the Retry-After header.
     */
    private static void completeDeclaredProblems(APIResponses responses) {
        if (responses.getAPIResponses() == null) {
            return;
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            String status = entry.getKey();
            APIResponse response = entry.getValue();
            if (!(status.startsWith("4") || status.startsWith("5")) || response.getRef() != null) {
                continue;
            }
            if (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty()) {
                // an error declared without a body: it is a problem+json all the same
                response.setContent(OASFactory.createContent().addMediaType(PROBLEM_MEDIA_TYPE, OASFactory.createMediaType()));
            }
            MediaType problem = response.getContent().getMediaType(PROBLEM_MEDIA_TYPE);
            if (problem != null) {
                if (problem.getSchema() == null) {
                    problem.setSchema(OASFactory.createSchema().ref(PROBLEM_REF));
                }
                if ((problem.getExamples() == null || problem.getExamples().isEmpty()) && problem.getExample() == null) {
                    for (Map<String, Object> example : EXAMPLES.getOrDefault(status, List.of())) {
                        problem.addExample(slug(example), example(example));
                    }
                }
            }
            if ((status.equals("429") || status.equals("503"))
                    && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
                response.addHeader("Retry-After", retryAfter());
            }
        }
    }

    private static Map<String, Object> problem(int status, String slug, String title, String detail, List<Map<String, String>> errors) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "urn:problem-type:" + slug);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("correlation_id", CORRELATION_ID);
        if (errors != null) {
            p.put("errors", errors);
        }
        return p;
    }

    private static String slug(Map<String, Object> problem) {
        return problem.get("type").toString().substring("urn:problem-type:".length());
    }

    private static Example example(Map<String, Object> problem) {
        return OASFactory.createExample().summary(problem.get("title").toString()).value(problem);
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().description("Seconds to wait before trying again")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("query/path parameter or JSON path of the bad input"))
                .addProperty("message", string);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem detail")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .example("urn:problem-type:invalid-input"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("correlation_id", string)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError));
    }
}
