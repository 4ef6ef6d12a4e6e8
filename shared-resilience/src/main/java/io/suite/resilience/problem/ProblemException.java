package io.suite.resilience.problem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Thrown by services for outcomes a client must see as problem+json: invalid input, missing resources, conflicts.
 * The factories are the only vocabulary, so the same situation reads the same in every service.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        this(status, slug, title, detail, errors, null);
    }

    private ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
            Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "invalid-input", "Invalid input", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist", null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null);
    }

    /** The service is at a limit of its own (not an upstream's): 503 with Retry-After, so clients back off. */
    public static ProblemException busy(String detail, Duration retryAfter) {
        return new ProblemException(503, "busy", "Service busy", detail, null, retryAfter);
    }

    /**
     * One caller is over its own share of a limit (others are not): 429 with Retry-After, so that caller backs off while
     * everyone else is still served.
     */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "too-many-requests", "Too many requests", detail, null, retryAfter);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
