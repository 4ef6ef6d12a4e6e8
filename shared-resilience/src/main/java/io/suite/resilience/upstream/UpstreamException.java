package io.suite.resilience.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed call to a third-party API, typed by what the caller should do about it.
 * Carries the upstream's own error code and message (redacted: never a credential or token).
 * No stack trace: in reactive chains it only shows framework frames and costs time on hot paths.
 */
public abstract sealed class UpstreamException extends RuntimeException
        permits UpstreamRateLimitedException, UpstreamUnavailableException, UpstreamRejectedException {

    private volatile String upstream;
    private final int status;
    private final String code;
    private final String upstreamMessage;
    private final Duration retryAfter;

    protected UpstreamException(String upstream, int status, String code, String upstreamMessage, Duration retryAfter,
            Throwable cause) {
        super(null, cause, false, false);
        this.upstream = upstream;
        this.status = status;
        this.code = code;
        this.upstreamMessage = Redaction.redact(upstreamMessage);
        this.retryAfter = retryAfter;
    }

    /** Which upstream failed; the guard fills it in when the REST-client mapper could not know it. */
    public String upstream() {
        return upstream;
    }

    public UpstreamException attachUpstream(String name) {
        if (upstream == null) {
            upstream = name;
        }
        return this;
    }

    /** The upstream's HTTP status, or 0 when no response arrived (timeout, connection error, open breaker). */
    public int status() {
        return status;
    }

    /** The upstream's error code (e.g. {@code invalid_grant}, {@code TooManyRequests}), if it sent one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /**
     * The code when it says more than the status: one that only repeats it ("401") or says there was an error (Polygon's
     * "ERROR") adds nothing ("ads answered 401: ...", not "ads answered 401 401: ...").
     */
    public Optional<String> distinctCode() {
        return code().filter(c -> !c.equals(Integer.toString(status)) && !c.equals("ERROR"));
    }

    public Optional<String> upstreamMessage() {
        return Optional.ofNullable(upstreamMessage);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Transient failures are worth retrying with backoff; permanent ones never are. */
    public abstract boolean isTransient();

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(upstream == null ? "upstream" : upstream);
        sb.append(status > 0 ? " answered " + status : " failed");
        distinctCode().ifPresent(c -> sb.append(' ').append(c));
        if (upstreamMessage != null) {
            sb.append(": ").append(upstreamMessage);
        }
        if (retryAfter != null) {
            sb.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        }
        return sb.toString();
    }
}
