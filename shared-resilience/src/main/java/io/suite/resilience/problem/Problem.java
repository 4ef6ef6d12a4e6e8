package io.suite.resilience.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An RFC 9457 problem detail, with the request's correlation id and, for invalid input, one entry per bad field.
 * Extensions are snake_case ({@code correlation_id}) like every public JSON body of the suite; the RFC's own members
 * are single words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Problem(String type, String title, int status, String detail, String instance, String correlationId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:problem-type:";

    /** One invalid input: the field as the client named it (query parameter, path parameter or JSON property). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FieldError(String field, String message) {
    }
}
