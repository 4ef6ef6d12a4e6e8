package io.suite.marketdata.client;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What this instance last saw of Polygon, for health: when it last answered, when a call last failed and why. Kept
 * apart from the HTTP calls so that the client only calls and maps, and health reads one small thing.
 */
@ApplicationScoped
public class PolygonReachability {

    /** The last success and the last failure with its reason (null while none). */
    public record Snapshot(Instant lastSuccess, Instant lastFailure, String lastFailureReason) {
    }

    private record Failure(Instant at, String reason) {
    }

    private final Clock clock;
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

    public PolygonReachability(Clock clock) {
        this.clock = clock;
    }

    /** Polygon answered (a 2xx, a 404 or a plan's 403 all prove it is up). */
    void answered() {
        lastSuccess.set(clock.instant());
    }

    /**
     * A guarded call failed. Our own budget or queue saying no tells nothing about Polygon; a 403 is Polygon answering.
     */
    void failed(UpstreamException f) {
        if (f instanceof UpstreamRateLimitedException limited && limited.isLocal()) {
            return;
        }
        if (PolygonClient.forbidden(f)) {
            answered();
            return;
        }
        lastFailure.set(new Failure(clock.instant(), f.getMessage()));
    }

    public Snapshot snapshot() {
        Failure f = lastFailure.get();
        return new Snapshot(lastSuccess.get(), f == null ? null : f.at(), f == null ? null : f.reason());
    }
}
