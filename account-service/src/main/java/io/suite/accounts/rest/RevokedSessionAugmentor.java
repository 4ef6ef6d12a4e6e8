package io.suite.accounts.rest;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.service.SessionRevocations;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A token whose session was ended by sign-out is no identity at all: the API answers 401, the dashboard its sign-in page.
 * Runs on every request, after shared-resilience's verified-token cache (which remembers a signature, not a session).
 */
@ApplicationScoped
public class RevokedSessionAugmentor implements SecurityIdentityAugmentor {

    private final SessionRevocations revocations;

    public RevokedSessionAugmentor(SessionRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && revocations.isRevoked(jwt.getRawToken())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the session was ended by sign-out"));
        }
        return Uni.createFrom().item(identity);
    }
}
