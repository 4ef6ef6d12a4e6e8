package io.suite.accounts.client;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether Login with Amazon accepts this instance's client credentials, as its last answer said: set by an
 * {@code invalid_client}, cleared by any token LWA grants. Read by the {@code upstreams} health group and the gauge
 * {@code accounts_lwa_client_rejected} (1 while refused), so an operator sees the configuration error at once.
 */
@ApplicationScoped
public class LwaClientStatus {

    private static final Logger LOG = Logger.getLogger(LwaClientStatus.class);

    /** LWA's reason and since when; null while the credentials work. */
    public record Rejection(String reason, Instant since) {
    }

    private final AtomicReference<Rejection> rejection = new AtomicReference<>();
    private final Clock clock;

    public LwaClientStatus(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        Gauge.builder("accounts.lwa.client.rejected", rejection, r -> r.get() == null ? 0 : 1)
                .description("1 while Login with Amazon refuses this service's client id or secret (invalid_client)")
                .register(meters);
    }

    void rejected(String reason) {
        Rejection now = new Rejection(reason, clock.instant());
        if (rejection.getAndUpdate(r -> r == null ? now : r) == null) {
            // said once per change, at ERROR: no user can fix it, an operator must
            LOG.errorf("Login with Amazon refuses this service's client credentials (%s): set ACCOUNTS_LWA_CLIENT_ID and"
                    + " ACCOUNTS_LWA_CLIENT_SECRET to the security profile's values; token refreshes fail until then", reason);
        }
    }

    void accepted() {
        if (rejection.getAndSet(null) != null) {
            LOG.info("Login with Amazon accepts this service's client credentials again");
        }
    }

    public Optional<Rejection> current() {
        return Optional.ofNullable(rejection.get());
    }
}
