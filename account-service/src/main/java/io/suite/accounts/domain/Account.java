package io.suite.accounts.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's ads account as stored (no token material). */
public record Account(UUID id, String amazonAccountId, String name, String status, String amazonStatus, String accountType,
        String marketplaceId, List<String> countryCodes, String syncStatus, String syncErrorMessage, int syncRetryCount,
        Instant lastSyncedAt, Instant nextSyncAt, Instant disconnectedAt, Instant createdAt) {
}
