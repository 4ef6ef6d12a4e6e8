package io.suite.accounts.rest;

import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.suite.resilience.params.StrictIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller's user id: the JWT subject, a canonical UUID. */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public UUID id() {
        // a subject that is not a canonical UUID is a 401: UUID.fromString made 1-1-1-1-1 a tenant
        return StrictIds.subject(jwt == null ? null : jwt.getSubject());
    }
}
