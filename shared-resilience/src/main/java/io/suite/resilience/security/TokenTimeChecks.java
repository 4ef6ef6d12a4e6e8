package io.suite.resilience.security;

import java.time.Clock;
import java.util.Optional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.config.JwtVerifyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Time checks smallrye-jwt leaves out, on every request: a token issued in the future (iat beyond
 * {@code mp.jwt.verify.clock.skew}) is refused, since jose4j accepts any future iat and such a token would outlive the
 * age cap; and the age cap ({@code mp.jwt.verify.token.age}, seconds since iat) is checked again here because
 * {@link VerifiedTokenCache} remembers a token until its {@code exp}, so smallrye-jwt checks the age only once.
 * A refused token is a 401, as for any other invalid token.
 */
@ApplicationScoped
public class TokenTimeChecks implements SecurityIdentityAugmentor {

    private final Optional<Long> maxAgeSeconds;
    private final long skewSeconds;
    private final Clock clock;

    @Inject
    public TokenTimeChecks(JwtVerifyConfig jwt, Clock clock) {
        this(jwt.maxAgeSeconds().isPresent() ? Optional.of(jwt.maxAgeSeconds().getAsLong()) : Optional.empty(),
                jwt.clockSkewSeconds(), clock);
    }

    TokenTimeChecks(Optional<Long> maxAgeSeconds, long skewSeconds, Clock clock) {
        this.maxAgeSeconds = maxAgeSeconds;
        this.skewSeconds = Math.max(0, skewSeconds);
        this.clock = clock;
    }

    /** Before the services' own augmentors (default priority 0): a refused token needs no further work. */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            String refusal = refusal(jwt.getIssuedAtTime(), clock.instant().getEpochSecond());
            if (refusal != null) {
                return Uni.createFrom().failure(new AuthenticationFailedException(refusal));
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** Why a token issued at {@code iat} (epoch seconds, 0 when absent) is refused at {@code now}, or null. */
    String refusal(long iat, long now) {
        if (iat > now + skewSeconds) {
            return "the token was issued in the future (iat " + iat + ", now " + now + ")";
        }
        if (maxAgeSeconds.isPresent() && (iat <= 0 || now - iat > maxAgeSeconds.get())) {
            return "the token is older than " + maxAgeSeconds.get() + " s";
        }
        return null;
    }
}
