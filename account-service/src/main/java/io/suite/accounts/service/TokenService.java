package io.suite.accounts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.LwaClient;
import io.suite.accounts.client.LwaClientStatus;
import io.suite.accounts.client.LwaTokenReply;
import io.suite.accounts.client.TokenSource;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.LwaClientRejectedException;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.repository.TokenRepository;
import io.suite.accounts.repository.TokenRow;
import io.suite.resilience.Delays;
import io.suite.resilience.coalesce.SingleFlight;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.retry.BackoffPolicy;
import io.suite.resilience.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * LWA tokens of a user: stored encrypted, handed out decrypted only in memory, refreshed ahead of expiry by
 * {@link io.suite.accounts.job.TokenRefreshJob} and on the spot when a request finds one (nearly) expired.
 * <p>
 * No duplicate refresh: every refresh holds the token's lease in {@code token_refresh_schedule} (one holder across
 * replicas) and writes back only if the lease's version is unchanged; within one instance concurrent callers for the
 * same token share one in-flight refresh.
 */
// created at start-up, so that its counters are exported at 0 before the first refresh
@Startup
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class);

    public enum Trigger {
        PROACTIVE,
        ON_DEMAND,
        ADMIN
    }

    public enum Outcome {
        SUCCESS,
        TRANSIENT_FAILURE,
        REAUTH_REQUIRED,
        /** LWA refused our client id or secret (invalid_client): an operator's configuration error. */
        CLIENT_REJECTED,
        LEASE_LOST,
        SKIPPED
    }

    private final Tenancy tenancy;
    private final TokenRepository tokens;
    private final SyncRepository syncs;
    private final TokenCipher cipher;
    private final LwaClient lwa;
    private final LwaClientStatus lwaClient;
    private final AccountsConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String owner = "accounts-" + UUID.randomUUID();
    private final SingleFlight<UUID, String> onTheSpotRefreshes = new SingleFlight<>();
    private final BackoffPolicy retries;

    public TokenService(Tenancy tenancy, TokenRepository tokens, SyncRepository syncs, TokenCipher cipher, LwaClient lwa,
            LwaClientStatus lwaClient, AccountsConfig config, MeterRegistry meters, Clock clock) {
        this.tenancy = tenancy;
        this.tokens = tokens;
        this.syncs = syncs;
        this.cipher = cipher;
        this.lwa = lwa;
        this.lwaClient = lwaClient;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        // only the delay arithmetic is used: the job retries when the token comes due again, without a limit
        this.retries = new BackoffPolicy(config.refresh().retryBase(), config.refresh().retryCap(), Integer.MAX_VALUE,
                config.refresh().retryCap());
        // every trigger and outcome at 0 from the start: the refresh-failure alert's rate() then sees the first failure
        for (Trigger trigger : Trigger.values()) {
            for (Outcome outcome : Outcome.values()) {
                meters.counter("accounts.token.refresh", "trigger", trigger.name().toLowerCase(), "outcome",
                        outcome.name().toLowerCase());
            }
        }
    }

    public String leaseOwner() {
        return owner;
    }

    static String aad(UUID user, String kind) {
        return "oauth_tokens:" + user + ":" + kind;
    }

    /**
     * Stores the tokens of a new connection (authorization-code grant), schedules their proactive refresh and, in the same
     * transaction, asks for the full sync that brings the connection's accounts in.
     */
    public Uni<UUID> connect(UUID user, LwaTokenReply reply) {
        if (reply.accessToken() == null || reply.refreshToken() == null) {
            throw new ProblemException(502, "upstream-rejected", "Upstream rejected the request",
                    "Login with Amazon returned no token", null);
        }
        Instant expiresAt = clock.instant().plusSeconds(reply.expiresIn() == null ? 3600 : reply.expiresIn());
        return tenancy.asKnownUser(user, conn -> tokens.upsert(conn, user,
                cipher.encrypt(reply.accessToken(), aad(user, "access")),
                cipher.encrypt(reply.refreshToken(), aad(user, "refresh")), cipher.currentKeyId(), expiresAt,
                reply.scope(), expiresAt.minus(config.refresh().lead()))
                .call(() -> syncs.requestFullSync(conn, user)));
    }

    /** The user's access token for Ads calls, refreshed first when it is (nearly) expired or was just refused. */
    public TokenSource sourceFor(UUID user) {
        return afterRejection -> tenancy.asUser(user, tokens::findForUser).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(new ReauthorizationRequiredException("no Amazon connection"));
            }
            if (!row.usable()) {
                return Uni.createFrom().failure(new ReauthorizationRequiredException("the Amazon connection needs re-authorisation"));
            }
            boolean fresh = row.expiresAt() != null
                    && row.expiresAt().isAfter(clock.instant().plus(config.refresh().minRemaining()));
            if (fresh && !afterRejection) {
                return Uni.createFrom().item(cipher.decrypt(row.accessTokenEnc(), row.keyId(), aad(user, "access")));
            }
            return refreshOnTheSpot(user, row.id());
        });
    }

    /** Single flight per token within this instance; across replicas the lease decides who calls LWA. */
    Uni<String> refreshOnTheSpot(UUID user, UUID tokenId) {
        return onTheSpotRefreshes.run(tokenId, () -> leaseAndRefresh(user, tokenId, Trigger.ON_DEMAND, 0));
    }

    /** Admin: refresh one token now, whoever owns it. */
    public Uni<Outcome> forceRefresh(UUID tokenId) {
        return tokens.owners(List.of(tokenId)).chain(owners -> {
            UUID user = owners.get(tokenId);
            if (user == null) {
                return Uni.createFrom().failure(ProblemException.notFound("token", tokenId));
            }
            return tokens.tryLease(tokenId, owner, config.refresh().lease().toMillis()).chain(version -> {
                if (version == null) {
                    return Uni.createFrom().failure(ProblemException.conflict("token " + tokenId + " is being refreshed right now"));
                }
                return refreshWithLease(user, tokenId, version, Trigger.ADMIN);
            });
        });
    }

    private Uni<String> leaseAndRefresh(UUID user, UUID tokenId, Trigger trigger, int waited) {
        return tokens.tryLease(tokenId, owner, config.refresh().lease().toMillis()).chain(version -> {
            if (version != null) {
                return refreshWithLease(user, tokenId, version, trigger).chain(outcome -> currentAccessToken(user, tokenId, outcome));
            }
            // someone else (the job, another replica) is refreshing it: wait for their result instead of a second refresh
            if (waited >= 50) {
                return Uni.createFrom().failure(new ProblemException(503, "token-refresh-pending", "Token refresh in progress",
                        "The Amazon token is being refreshed; try again shortly", null));
            }
            return Delays.delay(Duration.ofMillis(100)).chain(() -> tenancy.asUser(user, c -> tokens.findById(c, tokenId)))
                    .chain(row -> row != null && row.usable() && row.expiresAt() != null
                            && row.expiresAt().isAfter(clock.instant().plus(config.refresh().minRemaining()))
                                    ? Uni.createFrom().item(cipher.decrypt(row.accessTokenEnc(), row.keyId(), aad(user, "access")))
                                    : leaseAndRefresh(user, tokenId, trigger, waited + 1));
        });
    }

    private Uni<String> currentAccessToken(UUID user, UUID tokenId, Outcome outcome) {
        if (outcome == Outcome.REAUTH_REQUIRED) {
            return Uni.createFrom().failure(new ReauthorizationRequiredException("the Amazon connection needs re-authorisation"));
        }
        if (outcome == Outcome.CLIENT_REJECTED) {
            // say the cause, not the Ads 401 that the old token would get next
            return Uni.createFrom().failure(new LwaClientRejectedException(
                    lwaClient.current().map(LwaClientStatus.Rejection::reason).orElse("invalid_client")));
        }
        return tenancy.asUser(user, c -> tokens.findById(c, tokenId)).chain(row -> {
            if (row == null || !row.usable() || row.expiresAt() == null || !row.expiresAt().isAfter(clock.instant())) {
                return Uni.createFrom().failure(new ProblemException(503, "token-refresh-failed", "Token refresh failed",
                        "The Amazon token could not be refreshed; try again later", null));
            }
            return Uni.createFrom().item(cipher.decrypt(row.accessTokenEnc(), row.keyId(), aad(user, "access")));
        });
    }

    /**
     * Refreshes a token whose lease (version) we hold: LWA call outside any transaction, then one tenant transaction
     * that ends the lease (version check) and stores the result. Never throws for an LWA failure: the outcome says it.
     */
    public Uni<Outcome> refreshWithLease(UUID user, UUID tokenId, long version, Trigger trigger) {
        long started = System.nanoTime();
        return tenancy.asUser(user, c -> tokens.findById(c, tokenId)).chain(row -> {
            if (row == null || !row.usable()) {
                return tenancy.asUser(user, c -> tokens.completeLease(c, tokenId, version, null))
                        .map(x -> Outcome.REAUTH_REQUIRED);
            }
            if (trigger == Trigger.PROACTIVE && !row.proactiveRefreshEnabled()) {
                // opted out of proactive refresh (seed column): refreshed on the spot when a request needs it
                return tenancy.asUser(user, c -> tokens.completeLease(c, tokenId, version, null)).map(x -> Outcome.SKIPPED);
            }
            String refreshToken = cipher.decrypt(row.refreshTokenEnc(), row.keyId(), aad(user, "refresh"));
            return lwa.refresh(refreshToken, user.toString())
                    .chain(reply -> storeSuccess(user, tokenId, version, reply, refreshToken))
                    .onFailure().recoverWithUni(failure -> storeFailure(user, row, version, failure));
        }).invoke(outcome -> {
            LOG.infof("token refresh token=%s user=%s trigger=%s outcome=%s took_ms=%d", tokenId, user,
                    trigger.name().toLowerCase(), outcome.name().toLowerCase(), (System.nanoTime() - started) / 1_000_000);
            meters.counter("accounts.token.refresh", "trigger", trigger.name().toLowerCase(), "outcome",
                    outcome.name().toLowerCase()).increment();
        });
    }

    private Uni<Outcome> storeSuccess(UUID user, UUID tokenId, long version, LwaTokenReply reply, String oldRefreshToken) {
        // LWA may omit the refresh token on a refresh: the old one stays valid then
        String refreshToken = reply.refreshToken() == null || reply.refreshToken().isBlank() ? oldRefreshToken : reply.refreshToken();
        Instant expiresAt = clock.instant().plusSeconds(reply.expiresIn() == null ? 3600 : reply.expiresIn());
        byte[] access = cipher.encrypt(reply.accessToken(), aad(user, "access"));
        byte[] refresh = cipher.encrypt(refreshToken, aad(user, "refresh"));
        return tenancy.asUser(user, c -> tokens.completeLease(c, tokenId, version, expiresAt.minus(config.refresh().lead()))
                .chain(held -> held
                        ? tokens.storeRefreshed(c, tokenId, access, refresh, cipher.currentKeyId(), expiresAt).replaceWith(Outcome.SUCCESS)
                        : Uni.createFrom().item(Outcome.LEASE_LOST)));
    }

    private Uni<Outcome> storeFailure(UUID user, TokenRow row, long version, Throwable failure) {
        boolean reauth = failure instanceof ReauthorizationRequiredException;
        boolean clientRejected = failure instanceof LwaClientRejectedException;
        String error = reauth ? "invalid_grant" : clientRejected ? ((LwaClientRejectedException) failure).reason() : describe(failure);
        LOG.warnf("token refresh token=%s user=%s failed (%s): %s", row.id(), user,
                reauth ? "re-authorisation needed" : clientRejected ? "our LWA client credentials are refused" : "will retry", error);
        // a refused client is no passing failure: no growing backoff, one look per retry cap (the operator may fix it)
        Instant nextDue = reauth ? null
                : clock.instant().plus(clientRejected ? config.refresh().retryCap() : backoff(row.refreshFailureCount()));
        Outcome outcome = reauth ? Outcome.REAUTH_REQUIRED : clientRejected ? Outcome.CLIENT_REJECTED : Outcome.TRANSIENT_FAILURE;
        return tenancy.asUser(user, c -> tokens.completeLease(c, row.id(), version, nextDue)
                .chain(held -> held ? tokens.storeFailure(c, row.id(), error, reauth).replaceWith(outcome)
                        : Uni.createFrom().item(Outcome.LEASE_LOST)));
    }

    /** Base, doubled per earlier failure, capped: the delay before retry number {@code failuresSoFar + 1}. */
    Duration backoff(int failuresSoFar) {
        return Duration.ofMillis(retries.ceilingMillis(failuresSoFar + 1));
    }

    private static String describe(Throwable failure) {
        // UpstreamException messages are redacted by shared-resilience; anything else is named by type only
        return failure instanceof UpstreamException ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
