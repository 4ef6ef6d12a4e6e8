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
import io.suite.accounts.repository.RateLimitRepository;
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
    @Schema(description = "What the caller's upstream calls met at one upstream endpoint within accounts.health.rate-limit-window"
            + " (24 h by default), from seed 002's rate_limit_tracking: calls, 429s, and the last 429 with its Retry-After")
    public record RateLimitView(@Schema(description = "The upstream (guard) name", example = "ads") String upstream,
            @Schema(description = "The upstream endpoint, as the guard names it", example = "POST /adsAccounts/list") String endpoint,
            @Schema(description = "Calls that reached the upstream in the window (429s included)", example = "42") long requestCount,
            @Schema(description = "Of those, answered 429 Too Many Requests", example = "2") long limitHitCount,
            @Schema(description = "When the last 429 in the window came, exactly (ISO-8601, UTC, to the microsecond);"
                    + " null when there was none", example = "2026-12-06T01:02:03.123456Z") Instant lastLimitHit,
            @Schema(description = "The Retry-After of that last 429, in seconds (an HTTP-date is turned into seconds from the"
                    + " moment of the 429, rounded up); null when there was no 429 or it carried no Retry-After",
                    example = "30") Integer retryAfterSeconds) {

        static RateLimitView of(RateLimitRepository.EndpointUsage u) {
            return new RateLimitView(u.upstream(), u.endpoint(), u.requestCount(), u.limitHitCount(), u.lastLimitHit(),
                    u.retryAfterSeconds());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HealthView(String overall, Map<String, Integer> counts, boolean needsReauthorization, String lastRefreshError,
            RunView lastRun, Map<String, String> thresholds, List<AccountHealthView> accounts,
            @Schema(description = "Per upstream endpoint the caller's calls reached within accounts.health.rate-limit-window:"
                    + " calls, 429s, the last 429's exact time and its Retry-After; sorted by upstream and endpoint,"
                    + " empty when there were none") List<RateLimitView> rateLimits) {
    }
}
