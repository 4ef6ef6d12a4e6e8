package io.suite.catalog.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Caches the Creators API access token until {@code margin} before it expires ({@code expires_in}, 3600 s when
 * absent). Concurrent callers of an empty cache share one fetch. {@link #invalidate} drops a token the API refused.
 */
final class CreatorsTokenCache {

    static final long DEFAULT_EXPIRES_IN = 3600;

    private record Token(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[***, expiresAt=" + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final Duration margin;
    private final Supplier<Uni<TokenReply>> fetcher;
    private Token current;
    private Uni<String> pending;
    private int fetches;

    CreatorsTokenCache(Clock clock, Duration margin, Supplier<Uni<TokenReply>> fetcher) {
        this.clock = clock;
        this.margin = margin;
        this.fetcher = fetcher;
    }

    synchronized Uni<String> token() {
        Token t = current;
        if (t != null && clock.instant().isBefore(t.expiresAt().minus(margin))) {
            return Uni.createFrom().item(t.value());
        }
        if (pending == null) {
            fetches++;
            pending = Uni.createFrom().<TokenReply>deferred(() -> fetcher.get()).map(this::store)
                    .onTermination().invoke(this::clearPending)
                    .memoize().indefinitely();
        }
        return pending;
    }

    /** Drops {@code refused} if it is still the cached token (another caller may already have replaced it). */
    synchronized void invalidate(String refused) {
        if (current != null && current.value().equals(refused)) {
            current = null;
        }
    }

    synchronized void forget() {
        current = null;
    }

    synchronized int fetches() {
        return fetches;
    }

    private synchronized String store(TokenReply reply) {
        if (reply == null || reply.accessToken() == null || reply.accessToken().isBlank()) {
            throw new IllegalStateException("token endpoint answered without an access_token");
        }
        long expiresIn = reply.expiresIn() == null || reply.expiresIn() <= 0 ? DEFAULT_EXPIRES_IN : reply.expiresIn();
        current = new Token(reply.accessToken(), clock.instant().plusSeconds(expiresIn));
        return reply.accessToken();
    }

    private synchronized void clearPending() {
        pending = null;
    }
}
