package io.suite.resilience.time;

import java.time.Clock;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The one clock every time-based decision of the suite reads (TTLs, token expiry, leases, backoff), so that tests can
 * move time instead of sleeping: a service or a test replaces it with its own {@code Clock} bean, or with
 * {@code QuarkusMock.installMockForType(clock, Clock.class)} (normal scope, hence swappable).
 */
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
