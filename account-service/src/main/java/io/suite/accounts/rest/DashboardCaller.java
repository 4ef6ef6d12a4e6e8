package io.suite.accounts.rest;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

/** The signed-in user of a dashboard request, set by {@link DashboardSessionFilter} before a {@link SignedIn} operation. */
@RequestScoped
public class DashboardCaller {

    private UUID id;
    private long issuedAt;

    void signedIn(UUID id, long issuedAt) {
        this.id = id;
        this.issuedAt = issuedAt;
    }

    public UUID id() {
        return id;
    }

    /** When the session's token was issued: its CSRF token is bound to it. */
    public long issuedAt() {
        return issuedAt;
    }
}
