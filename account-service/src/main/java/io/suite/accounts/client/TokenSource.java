package io.suite.accounts.client;

import io.smallrye.mutiny.Uni;

/** A user's current access token; {@code afterRejection} asks for a fresh one after the Ads API answered 401. */
@FunctionalInterface
public interface TokenSource {
    Uni<String> accessToken(boolean afterRejection);
}
