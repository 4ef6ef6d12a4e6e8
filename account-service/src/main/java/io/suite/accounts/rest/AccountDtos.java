package io.suite.accounts.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.Profile;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.service.AccountService;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and reply bodies of the accounts API. None carries token material. */
public final class AccountDtos {

    private AccountDtos() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "An Amazon Ads account of the caller")
    // @formatter:off (Eclipse mistakes the first array brace in a record header for the record body's)
    public record AccountView(UUID id, @Schema(example = "amzn1.ads-account.g.87rerlyohs3b1cmj2rem03xmd") String amazonAccountId,
            @Schema(example = "My Ads Account Name") String name,
            @Schema(enumeration = { "active", "inactive", "suspended", "pending" }) String status,
            @Schema(example = "CREATED") String amazonStatus, String accountType, String marketplaceId, List<String> countryCodes,
            @Schema(enumeration = { "pending", "in_progress", "completed", "failed" }) String syncStatus,
            String syncErrorMessage, int syncRetryCount, Instant lastSyncedAt, Instant nextSyncAt, boolean connected) {
    // @formatter:on

        static AccountView of(Account a) {
            return new AccountView(a.id(), a.amazonAccountId(), a.name(), a.status(), a.amazonStatus(), a.accountType(),
                    a.marketplaceId(), a.countryCodes(), a.syncStatus(), a.syncErrorMessage(), a.syncRetryCount(), a.lastSyncedAt(),
                    a.nextSyncAt(), a.disconnectedAt() == null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "An advertising profile (GET /v2/profiles), merged over the regions served")
    public record ProfileView(@Schema(example = "3991703629696934") long profileId, String region, String countryCode,
            String currencyCode, BigDecimal dailyBudget, String timezone, String marketplaceStringId, String accountInfoId,
            String accountType, String accountName, String accountSubType, Boolean validPaymentMethod, Instant syncedAt) {

        static ProfileView of(Profile p) {
            return new ProfileView(p.profileId(), p.region(), p.countryCode(), p.currencyCode(), p.dailyBudget(), p.timezone(),
                    p.marketplaceStringId(), p.accountInfoId(), p.accountType(), p.accountName(), p.accountSubType(),
                    p.validPaymentMethod(), p.syncedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SyncRequest(@Size(max = 1000) List<@NotNull UUID> accountIds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SyncStarted(UUID runId, String status, String progress) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunView(UUID runId, String type, String status, Instant startedAt, Instant completedAt, Integer accountsTotal,
            int accountsSynced, int accountsFailed, int profilesSynced, Map<String, Object> errorDetails) {

        static RunView of(SyncRepository.Run r) {
            return r == null ? null : new RunView(r.id(), r.type(), r.status().wire(), r.startedAt(), r.completedAt(), r.total(),
                    r.synced(), r.failed(), r.profiles(), r.errors() == null ? null : r.errors().getMap());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchRequest(
            @NotNull @Pattern(regexp = "sync|disconnect|update", message = "must be sync, disconnect or update") String action,
            @NotEmpty @Size(max = 500) List<@NotNull UUID> ids,
            @Schema(description = "update: labels merged into each account's metadata.labels; a null value removes that label."
                    + " At most 20 per request, names of 1..50 and values of at most 200 characters; an account keeps at most"
                    + " 50 labels (beyond that its result is rejected)") @Size(
                            max = AccountService.MAX_LABELS_PER_REQUEST) Map<String, String> labels) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchReply(List<AccountService.BatchResult> results, Map<String, Long> summary) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountHealthView(UUID id, String name, String status, Instant lastSuccess, Long ageSeconds, int failureStreak,
            String colour, String reason, String lastError) {

        static AccountHealthView of(AccountService.AccountHealth h) {
            return new AccountHealthView(h.account().id(), h.account().name(), h.account().status(), h.lastSuccess(),
                    h.ageSeconds(), h.failureStreak(), h.colour().name().toLowerCase(), h.reason(), h.account().syncErrorMessage());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HealthView(String overall, Map<String, Integer> counts, boolean needsReauthorization, String lastRefreshError,
            RunView lastRun, Map<String, String> thresholds, List<AccountHealthView> accounts) {
    }
}
