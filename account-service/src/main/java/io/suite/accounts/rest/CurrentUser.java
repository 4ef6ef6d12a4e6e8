package io.suite.accounts.rest;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller's user id: the JWT subject, a UUID. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public UUID id() {
        String subject = jwt == null ? null : jwt.getSubject();
        try {
            return UUID.fromString(subject);
        } catch (RuntimeException e) {
            throw new UnauthorizedException("the token's subject is not a user id");
        }
    }
}
