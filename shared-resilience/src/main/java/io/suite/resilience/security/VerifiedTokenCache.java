package io.suite.resilience.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.config.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Verifies each bearer token once and remembers the result until the token expires. Parsing and checking an RS256
 * token took about 40 % of the CPU of a cached market-data request (deploy/bench/marketdata); the same bytes always
 * verify the same way until {@code exp}, so a repeat is answered from memory. Keyed by the whole token: a token that
 * differs in one byte is verified afresh. Tokens that fail verification are never cached.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private final MpJwtValidator validator;
    private final Clock clock;
    private final Cache<String, SecurityIdentity> verified;

    public VerifiedTokenCache(MpJwtValidator validator, Clock clock, SecurityConfig config) {
        this.validator = validator;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(config.tokenCache().maxEntries())
                .expireAfter(new UntilTokenExpiry(clock)).build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before smallrye-jwt's own validator (the default priority, 1001), which it calls on a miss. */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        SecurityIdentity known = verified.getIfPresent(token);
        if (known != null && !expired(known)) {
            return Uni.createFrom().item(known);
        }
        return validator.authenticate(request, context).invoke(identity -> {
            if (identity != null && identity.getPrincipal() instanceof JsonWebToken) {
                verified.put(token, identity);
            }
        });
    }

    /** Tokens remembered now (a gauge for dashboards, a handle for tests). */
    public long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private boolean expired(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
                && Instant.ofEpochSecond(jwt.getExpirationTime()).isBefore(clock.instant());
    }

    /** Each entry lives until its token's {@code exp}, never longer (one hour when a token has none). */
    private record UntilTokenExpiry(Clock clock) implements Expiry<String, SecurityIdentity> {

        @Override
        public long expireAfterCreate(String key, SecurityIdentity identity, long currentTime) {
            long left = Duration.ofHours(1).toNanos();
            if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
                left = Math.max(0, TimeUnit.SECONDS.toNanos(jwt.getExpirationTime() - clock.instant().getEpochSecond()));
            }
            return left;
        }

        @Override
        public long expireAfterUpdate(String key, SecurityIdentity identity, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String key, SecurityIdentity identity, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
