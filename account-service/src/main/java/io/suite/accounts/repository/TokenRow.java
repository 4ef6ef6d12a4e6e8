package io.suite.accounts.repository;

import java.time.Instant;
import java.util.UUID;

/** An oauth_tokens row with its ciphertexts; toString shows no token material. */
public record TokenRow(UUID id, UUID userId, byte[] accessTokenEnc, byte[] refreshTokenEnc, String keyId, Instant expiresAt,
        boolean needsReauth, Instant revokedAt, int refreshFailureCount, String lastRefreshError, Instant lastRefreshedAt,
        boolean proactiveRefreshEnabled) {

    @Override
    public String toString() {
        return "TokenRow[id=" + id + ", userId=" + userId + ", keyId=" + keyId + ", expiresAt=" + expiresAt + "]";
    }

    public boolean usable() {
        return !needsReauth && revokedAt == null && refreshTokenEnc != null;
    }
}
