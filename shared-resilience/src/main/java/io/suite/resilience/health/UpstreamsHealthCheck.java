package io.suite.resilience.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.health.api.HealthGroup;
import io.suite.resilience.guard.UpstreamGuard;
import io.suite.resilience.guard.UpstreamGuards;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Breaker state of every upstream, in the health group {@code upstreams} ({@code /q/health/group/upstreams}).
 * Deliberately not a readiness check: an upstream outage must never take pods out of service.
 */
@HealthGroup("upstreams")
@ApplicationScoped
public class UpstreamsHealthCheck implements HealthCheck {

    private final UpstreamGuards guards;

    public UpstreamsHealthCheck(UpstreamGuards guards) {
        this.guards = guards;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("upstreams").up();
        for (UpstreamGuard guard : guards.all()) {
            CircuitBreakerState state = guard.breakerState();
            response.withData(guard.name(), state.name());
            if (state == CircuitBreakerState.OPEN) {
                response.down();
            }
        }
        return response.build();
    }
}
