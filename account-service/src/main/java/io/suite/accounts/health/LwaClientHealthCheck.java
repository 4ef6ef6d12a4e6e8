package io.suite.accounts.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.HealthGroup;
import io.suite.accounts.client.LwaClientStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * In the {@code upstreams} group (never readiness: users with fresh tokens are still served): DOWN while Login with
 * Amazon refuses this service's client credentials, with LWA's reason and since when.
 */
@HealthGroup("upstreams")
@ApplicationScoped
public class LwaClientHealthCheck implements HealthCheck {

    private final LwaClientStatus status;

    public LwaClientHealthCheck(LwaClientStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("lwa-client-credentials").up();
        status.current().ifPresent(r -> response.down().withData("reason", r.reason()).withData("since", r.since().toString())
                .withData("fix", "set ACCOUNTS_LWA_CLIENT_ID and ACCOUNTS_LWA_CLIENT_SECRET"));
        return response.build();
    }
}
