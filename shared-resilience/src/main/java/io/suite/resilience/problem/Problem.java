package io.suite.resilience.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, with the request's correlation id and, for invalid input, one entry per bad field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String correlationId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:problem-type:";

    /** One invalid input: the field as the client named it (query parameter, path parameter or JSON property). */
    public record FieldError(String field, String message) {
    }
}
