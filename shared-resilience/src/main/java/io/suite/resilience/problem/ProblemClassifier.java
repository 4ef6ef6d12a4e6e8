package io.suite.resilience.problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.suite.resilience.config.ResilienceConfig;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

/**
 * What a failure means to a client, decided once: {@link ProblemMappers} renders it as problem+json and an HTML view
 * (the accounts dashboard) renders the same classification in words, so the two never disagree on a status.
 */
@ApplicationScoped
public class ProblemClassifier {

    public static final String INTERNAL_ERROR = "internal-error";
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";

    /** The problem a failure becomes; {@code retryAfter} is what the Retry-After header says, when it says anything. */
    public record Classification(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
            Optional<Duration> retryAfter) {

        /** A failure the service did not expect: logged with its stack trace, shown without internals. */
        public boolean unexpected() {
            return INTERNAL_ERROR.equals(slug);
        }

        /** Whether input named {@code field} was rejected (e.g. a stale {@code next_token}). */
        public boolean rejectedField(String field) {
            return errors != null && errors.stream().anyMatch(f -> f.field().equals(field));
        }
    }

    private final Duration databaseRetryAfter;

    @Inject
    public ProblemClassifier(ResilienceConfig config) {
        this(config.database().retryAfter());
    }

    /** @param databaseRetryAfter what an unreachable database's 503 tells clients to wait ({@code resilience.database.retry-after}) */
    public ProblemClassifier(Duration databaseRetryAfter) {
        this.databaseRetryAfter = databaseRetryAfter;
    }

    public Classification classify(Throwable e) {
        if (e instanceof ProblemException p) {
            return new Classification(p.status(), p.slug(), p.title(), p.getMessage(), p.errors(), p.retryAfter());
        }
        if (e instanceof ConstraintViolationException v) {
            List<Problem.FieldError> errors = new ArrayList<>();
            for (ConstraintViolation<?> violation : v.getConstraintViolations()) {
                errors.add(new Problem.FieldError(ProblemMappers.fieldName(violation.getPropertyPath()), violation.getMessage()));
            }
            errors.sort(Comparator.comparing(Problem.FieldError::field));
            return invalidInput(errors);
        }
        if (e instanceof UpstreamException u) {
            return upstream(u);
        }
        if (DatabaseUnavailable.isCause(e)) {
            return new Classification(503, DATABASE_UNAVAILABLE, "Database unavailable",
                    "The service's database cannot be reached right now; try again shortly", null,
                    Optional.of(databaseRetryAfter));
        }
        return new Classification(500, INTERNAL_ERROR, "Internal error",
                "The request could not be completed; quote the correlation id when reporting it", null, Optional.empty());
    }

    static Classification invalidInput(List<Problem.FieldError> errors) {
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return new Classification(400, "invalid-input", "Invalid input", detail, errors, Optional.empty());
    }

    /** The upstream's own words in a problem detail are cut here. */
    private static final int MAX_REASON = 200;

    private static Classification upstream(UpstreamException e) {
        String name = e.upstream() == null ? "An upstream service" : "Upstream " + e.upstream();
        if (e instanceof SubjectQuotaExceededException) {
            // this caller is over its fair share of the budget; everyone else is still served: back off, not an outage
            return new Classification(429, "too-many-requests", "Too many requests", "You are over your share of the "
                    + (e.upstream() == null ? "upstream" : e.upstream()) + " request budget; other users are still served."
                    + " Try again after the Retry-After delay", null, e.retryAfter());
        }
        if (e instanceof UpstreamRateLimitedException) {
            return new Classification(503, "upstream-rate-limited", "Upstream rate limit reached",
                    name + " is rate limited; try again later", null, e.retryAfter());
        }
        if (e instanceof UpstreamUnavailableException u) {
            String detail = u.isBreakerOpen() ? name + " is failing; calls are paused while its circuit breaker is open"
                    : name + " is unavailable";
            return new Classification(503, "upstream-unavailable", "Upstream unavailable", detail, null, e.retryAfter());
        }
        // its status, code and own words (redacted, shortened): a 401/403 says which key or plan is refused, and why
        UpstreamRejectedException rejected = (UpstreamRejectedException) e;
        String said = rejected.upstreamMessage().filter(m -> !m.isBlank()).map(m -> ": " + shorten(m)).orElse("");
        return new Classification(502, "upstream-rejected", "Upstream rejected the request",
                name + " rejected the request (" + rejected.status() + rejected.distinctCode().map(c -> " " + c).orElse("") + ")"
                        + said,
                null, Optional.empty());
    }

    private static String shorten(String message) {
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "…";
    }
}
