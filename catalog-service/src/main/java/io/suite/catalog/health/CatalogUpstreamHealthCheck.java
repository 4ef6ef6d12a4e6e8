package io.suite.catalog.health;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The catalog's component details (database latency, upstream source, host, reachability, breaker) on the management
 * port, in the health group {@code upstreams} ({@code /q/health/group/upstreams}): never behind the gateway, and never a
 * readiness check (an upstream outage must not take pods out of service).
 */
@HealthGroup("upstreams")
@ApplicationScoped
public class CatalogUpstreamHealthCheck implements AsyncHealthCheck {

    private final CatalogHealth health;

    public CatalogUpstreamHealthCheck(CatalogHealth health) {
        this.health = health;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return health.check().map(h -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("catalog").status("UP".equals(h.status()));
            h.components().forEach((name, c) -> {
                b.withData(name, c.status());
                c.details().forEach((k, v) -> b.withData(name + "." + k, String.valueOf(v)));
            });
            return b.build();
        });
    }
}
