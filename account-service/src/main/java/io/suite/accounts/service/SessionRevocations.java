package io.suite.accounts.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.repository.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sign-out revokes the session: the token's SHA-256 goes to {@code revoked_sessions} until the token's own {@code exp},
 * and every replica keeps the live revocations in memory (this one at once, the others within
 * {@code accounts.sessions.revocation-poll}), so checking a request costs no database round trip.
 */
@ApplicationScoped
public class SessionRevocations {

    private static final Logger LOG = Logger.getLogger(SessionRevocations.class);
    /** Rows read again on each poll: a revocation committed late (a slow transaction) is still seen. */
    private static final Duration OVERLAP = Duration.ofSeconds(30);
    /** A token without {@code exp} is remembered this long. */
    private static final Duration WITHOUT_EXPIRY = Duration.ofDays(1);

    private final SessionRepository repository;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private volatile Instant newestSeen;
    private volatile Instant lastCleanup = Instant.EPOCH;

    public SessionRevocations(SessionRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Revokes the session this token carries. */
    public Uni<Void> revoke(JsonWebToken jwt) {
        String raw = jwt.getRawToken();
        if (raw == null) {
            return Uni.createFrom().voidItem();
        }
        Instant expires = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime())
                : clock.instant().plus(WITHOUT_EXPIRY);
        byte[] hash = sha256(raw);
        revoked.put(HexFormat.of().formatHex(hash), expires);
        LOG.infof("session revoked at sign-out user=%s", jwt.getSubject());
        return repository.insert(hash, expires);
    }

    /** Whether this raw token belongs to a session ended by sign-out. */
    public boolean isRevoked(String rawToken) {
        if (rawToken == null || revoked.isEmpty()) {
            return false;
        }
        Instant expires = revoked.get(HexFormat.of().formatHex(sha256(rawToken)));
        return expires != null && expires.isAfter(clock.instant());
    }

    /** Reads revocations made on any replica since the last poll; forgets expired ones. The number now in memory. */
    public Uni<Integer> refresh() {
        Instant since = newestSeen == null ? null : newestSeen.minus(OVERLAP);
        return repository.since(since).invoke(rows -> rows.forEach(r -> {
            revoked.put(HexFormat.of().formatHex(r.tokenHash()), r.expiresAt());
            if (newestSeen == null || r.revokedAt().isAfter(newestSeen)) {
                newestSeen = r.revokedAt();
            }
        })).chain(rows -> {
            if (newestSeen == null) {
                newestSeen = clock.instant().minus(OVERLAP); // nothing revoked yet: from now on
            }
            Instant now = clock.instant();
            revoked.values().removeIf(exp -> !exp.isAfter(now));
            if (Duration.between(lastCleanup, now).toMinutes() < 10) {
                return Uni.createFrom().item(revoked.size());
            }
            lastCleanup = now;
            return repository.deleteExpired().map(n -> revoked.size());
        });
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
