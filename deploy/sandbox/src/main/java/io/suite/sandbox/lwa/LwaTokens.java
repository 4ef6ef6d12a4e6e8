package io.suite.sandbox.lwa;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.data.AdsData;
import io.suite.sandbox.data.AmazonUser;
import io.suite.sandbox.support.Ids;
import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Login with Amazon state: authorization codes (5 minutes, single use), refresh tokens bound to a
 * sandbox Amazon user (never expire unless revoked) and access tokens (lifetime
 * {@code sandbox.lwa.access-token-ttl}). Tokens are never logged.
 */
@ApplicationScoped
public class LwaTokens {

    /**
     * An authorization code and what it was issued for; {@code codeChallenge} and {@code codeChallengeMethod} (S256 or
     * plain) when the authorization request carried PKCE (RFC 7636), null otherwise.
     */
    public record Code(String code, String userId, String clientId, String redirectUri, String scope, Instant expiresAt,
            String codeChallenge, String codeChallengeMethod) {
    }

    public record RefreshGrant(String userId, String clientId) {
    }

    public record AccessGrant(String userId, String clientId, Instant expiresAt) {
    }

    /** Result of checking a bearer token: the grant, or why it was refused. */
    public record Check(AccessGrant grant, String failure) {
        public boolean ok() {
            return grant != null;
        }
    }

    private final SandboxConfig config;
    private final SandboxClock clock;
    private final AdsData data;
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedUsers = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();

    @Inject
    public LwaTokens(SandboxConfig config, SandboxClock clock, AdsData data) {
        this.config = config;
        this.clock = clock;
        this.data = data;
        reset();
    }

    public final void reset() {
        codes.clear();
        refreshTokens.clear();
        accessTokens.clear();
        revokedUsers.clear();
        for (AmazonUser u : data.users()) {
            refreshTokens.put(u.seededRefreshToken(), new RefreshGrant(u.userId(), config.lwa().clientId()));
        }
    }

    public Code issueCode(String userId, String clientId, String redirectUri, String scope) {
        return issueCode(userId, clientId, redirectUri, scope, null, null);
    }

    public Code issueCode(String userId, String clientId, String redirectUri, String scope, String codeChallenge,
            String codeChallengeMethod) {
        String code = "AN" + Ids.alnum(18);
        Code c = new Code(code, userId, clientId, redirectUri, scope, clock.instant().plus(config.lwa().codeTtl()),
                codeChallenge, codeChallenge == null ? null : codeChallengeMethod);
        codes.put(code, c);
        return c;
    }

    /** Takes the code out (single use); empty if unknown, already used or expired. */
    public Optional<Code> redeemCode(String code) {
        Code c = codes.remove(code);
        if (c == null || !clock.instant().isBefore(c.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    public String issueRefreshToken(String userId, String clientId) {
        String token = "Atzr|IwEB" + Ids.alnum(380);
        refreshTokens.put(token, new RefreshGrant(userId, clientId));
        revokedUsers.remove(userId);
        return token;
    }

    public Optional<RefreshGrant> refreshGrant(String token) {
        return Optional.ofNullable(refreshTokens.get(token));
    }

    public String issueAccessToken(String userId, String clientId) {
        String token = "Atza|IwEB" + Ids.alnum(420);
        accessTokens.put(token, new AccessGrant(userId, clientId, clock.instant().plus(config.lwa().accessTokenTtl())));
        if (issued.incrementAndGet() % 10_000 == 0) {
            Instant now = clock.instant();
            accessTokens.values().removeIf(g -> g.expiresAt().isBefore(now.minusSeconds(3600)));
        }
        return token;
    }

    public Check checkAccessToken(String token) {
        AccessGrant g = token == null ? null : accessTokens.get(token);
        if (g == null) {
            return new Check(null, "unknown token");
        }
        if (!clock.instant().isBefore(g.expiresAt())) {
            return new Check(null, "token expired");
        }
        return new Check(g, null);
    }

    public boolean revokeRefreshToken(String token) {
        return refreshTokens.remove(token) != null;
    }

    /** Revokes every refresh and access token of the user (the user withdrew consent). */
    public int revokeUser(String userId) {
        int n = 0;
        n += removeWhere(refreshTokens, userId);
        n += accessTokens.entrySet().removeIf(e -> userId.equals(e.getValue().userId())) ? 1 : 0;
        revokedUsers.put(userId, clock.instant());
        return n;
    }

    private static int removeWhere(Map<String, RefreshGrant> map, String userId) {
        int before = map.size();
        map.values().removeIf(g -> userId.equals(g.userId()));
        return before - map.size();
    }

    /** Refresh tokens currently valid for a user (for {@code GET /_control/data}). */
    public List<String> refreshTokensOf(String userId) {
        return refreshTokens.entrySet().stream().filter(e -> userId.equals(e.getValue().userId()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    public long accessTokenTtlSeconds() {
        return config.lwa().accessTokenTtl().toSeconds();
    }
}
