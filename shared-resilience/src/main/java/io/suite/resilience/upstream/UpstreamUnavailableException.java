package io.suite.resilience.upstream;

import java.time.Duration;

/** 5xx, 408/499, a timeout, a connection error or an open breaker: transient, retried with backoff. */
public final class UpstreamUnavailableException extends UpstreamException {

    private final boolean breakerOpen;

    public UpstreamUnavailableException(String upstream, int status, String code, String message, Duration retryAfter,
            Throwable cause) {
        this(upstream, status, code, message, retryAfter, cause, false);
    }

    private UpstreamUnavailableException(String upstream, int status, String code, String message, Duration retryAfter,
            Throwable cause, boolean breakerOpen) {
        super(upstream, status, code, message, retryAfter, cause);
        this.breakerOpen = breakerOpen;
    }

    public static UpstreamUnavailableException breakerOpen(String upstream, Duration retryAfter, Throwable cause) {
        return new UpstreamUnavailableException(upstream, 0, "CircuitBreakerOpen",
                "circuit breaker is open; calls are not sent until it lets a trial through", retryAfter, cause, true);
    }

    public boolean isBreakerOpen() {
        return breakerOpen;
    }

    @Override
    public boolean isTransient() {
        return !breakerOpen;
    }
}
