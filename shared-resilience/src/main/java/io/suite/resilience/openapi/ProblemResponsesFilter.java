package io.suite.resilience.openapi;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the errors every operation can answer, as problem+json, so the published OpenAPI document tells the
 * truth about them (clients and the bad-input suite check responses against it): 400 when it takes input, 401/403
 * when it is secured, 404 when it addresses a resource, 503 and 500 always.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

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
                add(responses, "500", "Unexpected error; quote the correlation id");
                add(responses, "503", "An upstream is unavailable or rate limited; Retry-After when known");
            }
        }
    }

    private static void add(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            APIResponse declared = responses.getAPIResponse(status);
            if (declared.getRef() == null && (declared.getContent() == null || declared.getContent().getMediaTypes() == null
                    || declared.getContent().getMediaTypes().isEmpty())) {
                // an error declared without a body: it is a problem+json all the same
                declared.setContent(problemContent());
            }
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description).content(problemContent()));
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
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
