package io.suite.resilience.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.params.JsonStringHygiene;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.suite.resilience.upstream.UpstreamException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Every error a service returns, as RFC 9457 problem+json with the correlation id. Bad input names the field;
 * upstream trouble is a 503 with Retry-After when known, a caller over its fair share of a budget a 429 with
 * Retry-After; an unreachable database (restart, cut connections) a 503 with
 * {@code resilience.database.retry-after}; anything unexpected is a 500 that hides internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ProblemClassifier classifier;

    @ServerExceptionMapper(priority = 1)
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(classifier.classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        return respond(classifier.classify(e), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        boolean truncated = e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input");
        String field = e instanceof JsonMappingException m && !truncated ? jsonPath(m) : "";
        if (field.isEmpty()) {
            return invalidInput(List.of(new Problem.FieldError("body", "is not valid JSON")), uri);
        }
        String message = JsonStringHygiene.MESSAGE.equals(e.getOriginalMessage())
                ? e.getOriginalMessage() : "has the wrong type or format";
        return invalidInput(List.of(new Problem.FieldError(field, message)), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response upstream(UpstreamException e, UriInfo uri) {
        if (e instanceof SubjectQuotaExceededException) {
            LOG.debugf("caller over its fair share: %s", e.getMessage());
        } else {
            LOG.warnf("upstream call failed: %s", e.getMessage());
        }
        return respond(classifier.classify(e), uri);
    }

    /** Quarkus' own mapper for this type would answer plain JSON; ours names the field as problem+json. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        if (e.getCause() instanceof ProblemException named) {
            // a shared parameter converter (BoundedParamConverters) already named the parameter and said what is wrong
            return problem(named, uri);
        }
        if ((status == 404 || status == 400) && e.getCause() != null) {
            // a query, path or header parameter that could not be converted (JAX-RS says 404; the client needs 400)
            return invalidInput(List.of(new Problem.FieldError(unconvertibleParameter(e.getCause(), uri),
                    "has the wrong type or format")), uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request failed" : known.getReasonPhrase();
        return respond(status, title.toLowerCase().replace(' ', '-'), title, e.getMessage(), uri);
    }

    @ServerExceptionMapper(priority = 10)
    public Response unexpected(Throwable e, UriInfo uri) {
        ProblemClassifier.Classification c = classifier.classify(e);
        if (c.unexpected()) {
            LOG.error("unexpected error while handling a request", e);
        } else {
            // the database is restarting or unreachable: the client can retry, and a stack trace per request helps no one
            LOG.warnf("database unavailable while handling a request: %s", e);
        }
        return respond(c, uri);
    }

    static Response invalidInput(List<Problem.FieldError> errors, UriInfo uri) {
        return respond(ProblemClassifier.invalidInput(errors), uri);
    }

    static Response respond(int status, String slug, String title, String detail, UriInfo uri) {
        return respond(new ProblemClassifier.Classification(status, slug, title, detail, null, Optional.empty()), uri);
    }

    static Response respond(ProblemClassifier.Classification c, UriInfo uri) {
        String instance = uri == null ? null : uri.getRequestUri().getRawPath();
        Problem body = new Problem(Problem.TYPE_PREFIX + c.slug(), c.title(), c.status(), c.detail(), instance,
                CorrelationId.current().orElse(null), c.errors() == null || c.errors().isEmpty() ? null : c.errors());
        Response.ResponseBuilder builder = Response.status(c.status()).type(Problem.MEDIA_TYPE).entity(body);
        c.retryAfter().ifPresent(d -> builder.header("Retry-After", Math.max(1, (d.toMillis() + 999) / 1000)));
        return builder.build();
    }

    /**
     * The client's name for the field: the parameter or JSON property path, without the Java method and
     * argument names a bean-validation path starts with ({@code list.limit} → {@code limit},
     * {@code create.request.items[0].asin} → {@code items[0].asin}).
     */
    static String fieldName(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        int start = 0;
        for (int i = 0; i < nodes.size(); i++) {
            ElementKind kind = nodes.get(i).getKind();
            if (kind == ElementKind.PARAMETER || kind == ElementKind.RETURN_VALUE) {
                start = i + 1 < nodes.size() ? i + 1 : i;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < nodes.size(); i++) {
            Path.Node n = nodes.get(i);
            if (n.getKind() == ElementKind.METHOD || n.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (n.getIndex() != null && sb.length() > 0) {
                sb.append('[').append(n.getIndex()).append(']');
            }
            if (n.getName() != null && !n.getName().isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(n.getName());
            }
        }
        return sb.length() == 0 ? path.toString() : sb.toString();
    }

    /**
     * JAX-RS does not say which parameter failed to convert; the converter's message quotes the bad value, so the
     * parameter is the one that carries it.
     */
    static String unconvertibleParameter(Throwable cause, UriInfo uri) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (uri != null) {
            for (var params : List.of(uri.getQueryParameters(), uri.getPathParameters())) {
                for (var entry : params.entrySet()) {
                    for (String value : entry.getValue()) {
                        if (!value.isEmpty() && (message.contains("\"" + value + "\"") || message.endsWith(": " + value)
                                || message.endsWith(" " + value))) {
                            return entry.getKey();
                        }
                    }
                }
            }
        }
        return "parameter";
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
