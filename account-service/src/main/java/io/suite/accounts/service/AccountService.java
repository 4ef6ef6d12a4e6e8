package io.suite.accounts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.AdsClient;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.AccountStatus;
import io.suite.accounts.domain.BatchAction;
import io.suite.accounts.domain.Profile;
import io.suite.accounts.repository.AccountRepository;
import io.suite.accounts.repository.AccountRepository.Position;
import io.suite.accounts.repository.AccountRepository.Sort;
import io.suite.accounts.repository.RateLimitRepository;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.repository.TokenRepository;
import io.suite.accounts.repository.TokenRow;
import io.suite.resilience.coalesce.SingleFlight;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.paging.Page;
import io.suite.resilience.problem.ProblemException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and batch changes of a user's accounts and profiles; all SQL runs under the user's RLS binding. */
@ApplicationScoped
public class AccountService {

    /** Cursor of GET /api/v1/accounts: the query it belongs to, and the last row's keyset position. */
    public record AccountCursor(String sort, boolean desc, String status, List<String> keys, UUID id, String q) {
    }

    /** Labels one update may set or remove, and labels one account keeps at most. */
    public static final int MAX_LABELS_PER_REQUEST = 20;
    public static final int MAX_LABELS_PER_ACCOUNT = 50;
    /** Longest label name and value (characters). */
    public static final int MAX_LABEL_KEY = 50;
    public static final int MAX_LABEL_VALUE = 200;

    /** Longest free-text name filter accepted (a longer one is a 400 naming {@code q}). */
    public static final int MAX_QUERY_LENGTH = 100;

    public record ProfileCursor(long after) {
    }

    public enum Colour {
        GREEN,
        AMBER,
        RED
    }

    public record AccountHealth(Account account, Instant lastSuccess, Long ageSeconds, int failureStreak, Colour colour,
            String reason) {
    }

    /**
     * Sync health; {@code rateLimits}: per upstream endpoint, the user's calls and 429s within
     * {@code accounts.health.rate-limit-window}, with the last 429's exact time and Retry-After.
     */
    public record Health(Colour overall, Map<Colour, Integer> counts, boolean needsReauthorization, String lastRefreshError,
            SyncRepository.Run lastRun, List<AccountHealth> accounts, List<RateLimitRepository.EndpointUsage> rateLimits) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchResult(UUID id, String outcome, String detail, UUID runId) {
    }

    private final Tenancy tenancy;
    private final AccountRepository accounts;
    private final TokenRepository tokens;
    private final SyncRepository runs;
    private final RateLimitRepository rateLimits;
    private final SyncService sync;
    private final TokenService tokenService;
    private final AdsClient ads;
    private final AccountsConfig config;
    private final Clock clock;
    /** Concurrent first requests for a user's profiles make one fetch. */
    private final SingleFlight<UUID, Void> profileFetches = new SingleFlight<>();

    public AccountService(Tenancy tenancy, AccountRepository accounts, TokenRepository tokens, SyncRepository runs,
            RateLimitRepository rateLimits, SyncService sync, TokenService tokenService, AdsClient ads, AccountsConfig config,
            Clock clock) {
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.tokens = tokens;
        this.runs = runs;
        this.rateLimits = rateLimits;
        this.sync = sync;
        this.tokenService = tokenService;
        this.ads = ads;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Page<Account>> list(UUID user, AccountStatus status, Sort sort, boolean desc, String nextToken, int limit) {
        return list(user, status, null, sort, desc, nextToken, limit);
    }

    /** As above, with {@code q}: a case-insensitive substring of the account name (blank: no filter). */
    public Uni<Page<Account>> list(UUID user, AccountStatus status, String q, Sort sort, boolean desc, String nextToken,
            int limit) {
        String query = q == null || q.isBlank() ? null : q.strip();
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            throw ProblemException.invalidField("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        AccountCursor cursor = CursorCodec.decode(nextToken, AccountCursor.class);
        String statusKey = status == null ? null : status.db();
        if (cursor != null && (!cursor.sort().equals(sort.name()) || cursor.desc() != desc
                || !Objects.equals(cursor.status(), statusKey) || !Objects.equals(cursor.q(), query)
                || cursor.keys() == null
                || cursor.keys().size() != sort.keyCount() || cursor.id() == null)) {
            throw ProblemException.invalidField(CursorCodec.PARAMETER, "belongs to a different filter or sort");
        }
        Position after = cursor == null ? null : new Position(cursor.keys(), cursor.id());
        return tenancy.asUser(user, c -> accounts.page(c, status, query, sort, desc, after, Page.fetchSize(limit)))
                .map(rows -> Page.of(rows, limit, last -> new AccountCursor(sort.name(), desc, statusKey,
                        AccountRepository.keysOf(last, sort), last.id(), query)));
    }

    /**
     * Profiles merged over the regions served, in profile-id order, paged with a cursor. Read from what the last sync
     * stored; a user with none stored gets them fetched from every region first, at most once per
     * {@code accounts.ads.profiles-refetch-after} (an empty answer is remembered too) and once for concurrent requests.
     */
    public Uni<Page<Profile>> profiles(UUID user, String nextToken, int limit) {
        ProfileCursor cursor = CursorCodec.decode(nextToken, ProfileCursor.class);
        Uni<Void> ensure = cursor != null ? Uni.createFrom().voidItem()
                : tenancy.asUser(user, c -> accounts.profileCount(c).chain(n -> n > 0 ? Uni.createFrom().item(true)
                        : accounts.profilesFetchedAt(c).map(at -> at != null
                                && at.isAfter(clock.instant().minus(config.ads().profilesRefetchAfter())))))
                        .chain(known -> known ? Uni.createFrom().voidItem() : profileFetches.run(user, () -> fetchProfiles(user)));
        return ensure.chain(() -> tenancy.asUser(user,
                c -> accounts.profilesPage(c, cursor == null ? null : cursor.after(), Page.fetchSize(limit))))
                .map(rows -> Page.of(rows, limit, last -> new ProfileCursor(last.profileId())));
    }

    private Uni<Void> fetchProfiles(UUID user) {
        return tenancy.asUser(user, tokens::findForUser).chain(token -> token == null ? Uni.createFrom().voidItem()
                : ads.allProfiles(tokenService.sourceFor(user), user.toString())
                        .chain(list -> tenancy.asKnownUserExclusive(user, c -> accounts.upsertProfiles(c, user, list, clock.instant())
                                .chain(() -> accounts.profilesFetched(c)))));
    }

    /** The given accounts of the user (unknown ids are simply absent). */
    public Uni<List<Account>> byIds(UUID user, List<UUID> ids) {
        return tenancy.asUser(user, c -> accounts.byIds(c, ids));
    }

    /** Batch: a result per id, partial success being normal. */
    public Uni<List<BatchResult>> batch(UUID user, BatchAction action, List<UUID> ids, Map<String, String> labels) {
        List<UUID> unique = ids.stream().distinct().toList();
        return tenancy.asUser(user, c -> accounts.byIds(c, unique)).chain(found -> {
            Map<UUID, Account> byId = new LinkedHashMap<>();
            found.forEach(a -> byId.put(a.id(), a));
            List<UUID> known = unique.stream().filter(byId::containsKey).toList();
            Uni<Map<UUID, BatchResult>> done = switch (action) {
                case SYNC -> batchSync(user, known, byId);
                case DISCONNECT -> batchDisconnect(user, known);
                case UPDATE -> batchUpdate(user, known, labels);
            };
            return done.map(results -> unique.stream().map(id -> results.getOrDefault(id,
                    new BatchResult(id, "not_found", "no such account", null))).toList());
        });
    }

    private Uni<Map<UUID, BatchResult>> batchSync(UUID user, List<UUID> known, Map<UUID, Account> byId) {
        Map<UUID, BatchResult> out = new LinkedHashMap<>();
        List<UUID> syncable = new ArrayList<>();
        for (UUID id : known) {
            if (byId.get(id).disconnectedAt() != null) {
                out.put(id, new BatchResult(id, "skipped", "account is disconnected", null));
            } else {
                syncable.add(id);
            }
        }
        if (syncable.isEmpty()) {
            return Uni.createFrom().item(out);
        }
        return sync.start(user, syncable, "batch").map(run -> {
            syncable.forEach(id -> out.put(id, new BatchResult(id, "accepted", "sync started", run)));
            return out;
        });
    }

    private Uni<Map<UUID, BatchResult>> batchDisconnect(UUID user, List<UUID> known) {
        return tenancy.asUserExclusive(user, c -> Multi.createFrom().iterable(known)
                .onItem().transformToUniAndConcatenate(id -> accounts.disconnect(c, id).map(n -> new BatchResult(id,
                        n == 1 ? "disconnected" : "skipped", n == 1 ? null : "already disconnected", null)))
                .collect().asList()
                // no account left on the connection: our stored tokens are destroyed (revoked on our side)
                .call(() -> accounts.connectedCount(c).chain(n -> n > 0 ? Uni.createFrom().voidItem()
                        : tokens.findForUser(c).chain(t -> t == null ? Uni.createFrom().voidItem()
                                : tokens.revoke(c, t.id()).replaceWithVoid())))
                .map(list -> {
                    Map<UUID, BatchResult> out = new LinkedHashMap<>();
                    list.forEach(r -> out.put(r.id(), r));
                    return out;
                }));
    }

    private Uni<Map<UUID, BatchResult>> batchUpdate(UUID user, List<UUID> known, Map<String, String> labels) {
        checkLabels(labels);
        JsonObject json = new JsonObject(new LinkedHashMap<>(labels));
        return tenancy.asUserExclusive(user, c -> Multi.createFrom().iterable(known)
                .onItem().transformToUniAndConcatenate(id -> accounts.setLabels(c, id, json, MAX_LABELS_PER_ACCOUNT)
                        .map(n -> n == 1 ? new BatchResult(id, "updated", null, null) : new BatchResult(id, "rejected",
                                "an account keeps at most " + MAX_LABELS_PER_ACCOUNT
                                        + " labels; remove some first (a null value removes one)",
                                null)))
                .collect().asList().map(list -> {
                    Map<UUID, BatchResult> out = new LinkedHashMap<>();
                    list.forEach(r -> out.put(r.id(), r));
                    return out;
                }));
    }

    /** Bounded labels: a 400 naming {@code labels} (and the label) for too many, too long or control characters. */
    static void checkLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw ProblemException.invalidField("labels", "update needs at least one label");
        }
        if (labels.size() > MAX_LABELS_PER_REQUEST) {
            throw ProblemException.invalidField("labels", "at most " + MAX_LABELS_PER_REQUEST + " labels at once");
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank() || key.length() > MAX_LABEL_KEY || hasControl(key)) {
                throw ProblemException.invalidField("labels", "a label name has 1 to " + MAX_LABEL_KEY
                        + " characters and no control characters");
            }
            String value = e.getValue();
            if (value != null && (value.length() > MAX_LABEL_VALUE || hasControl(value))) {
                throw ProblemException.invalidField("labels." + key, "has at most " + MAX_LABEL_VALUE
                        + " characters and no control characters");
            }
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(ch -> Character.isISOControl(ch));
    }

    /**
     * Whether the user's Amazon connection must be re-authorised (refresh token refused or revoked), and whether there
     * is a connection at all: what a page of accounts needs to colour its cards without computing every account's health.
     */
    public record Connection(boolean connected, boolean needsReauthorization) {
    }

    public Uni<Connection> connection(UUID user) {
        return tenancy.asUser(user, tokens::findForUser).map(token -> new Connection(token != null,
                token != null && (token.needsReauth() || token.revokedAt() != null)));
    }

    /** Sync health per connected account and overall; thresholds from {@code accounts.health.*}. */
    public Uni<Health> health(UUID user) {
        return tenancy.asUser(user, c -> accounts.all(c).chain(all -> tokens.findForUser(c)
                .chain(token -> runs.latest(c).chain(last -> rateLimits.perEndpoint(c, config.health().rateLimitWindow())
                        .map(limits -> health(all, token, last, limits))))));
    }

    Health health(List<Account> all, TokenRow token, SyncRepository.Run lastRun, List<RateLimitRepository.EndpointUsage> limits) {
        Instant now = clock.instant();
        boolean reauth = token != null && (token.needsReauth() || token.revokedAt() != null);
        Map<Colour, Integer> counts = new LinkedHashMap<>();
        for (Colour c : Colour.values()) {
            counts.put(c, 0);
        }
        List<AccountHealth> out = new ArrayList<>();
        Colour worst = Colour.GREEN;
        for (Account a : all) {
            if (a.disconnectedAt() != null) {
                continue;
            }
            AccountHealth h = colour(a, now, reauth || token == null);
            out.add(h);
            counts.merge(h.colour(), 1, Integer::sum);
            worst = h.colour().ordinal() > worst.ordinal() ? h.colour() : worst;
        }
        if (reauth) {
            worst = Colour.RED;
        }
        return new Health(worst, counts, reauth, token == null ? null : token.lastRefreshError(), lastRun, out, limits);
    }

    /** One account's colour and reason (the same rules as {@link #health(UUID)}). */
    public AccountHealth colour(Account a, Instant now, boolean reauth) {
        AccountsConfig.Health t = config.health();
        Long age = a.lastSyncedAt() == null ? null : Duration.between(a.lastSyncedAt(), now).toSeconds();
        int streak = "failed".equals(a.syncStatus()) ? Math.max(1, a.syncRetryCount()) : 0;
        Instant since = a.lastSyncedAt() != null ? a.lastSyncedAt() : a.createdAt();
        Duration silent = since == null ? Duration.ZERO : Duration.between(since, now);
        Colour colour;
        String reason;
        if (reauth) {
            colour = Colour.RED;
            reason = "the Amazon connection needs re-authorisation";
        } else if (streak >= t.redFailures()) {
            colour = Colour.RED;
            reason = streak + " failed syncs in a row";
        } else if (silent.compareTo(t.redAfter()) > 0) {
            colour = Colour.RED;
            reason = "no successful sync for more than " + t.redAfter();
        } else if (streak >= t.amberFailures()) {
            colour = Colour.AMBER;
            reason = streak + " failed sync(s) in a row";
        } else if (a.lastSyncedAt() == null || silent.compareTo(t.amberAfter()) > 0) {
            colour = Colour.AMBER;
            reason = a.lastSyncedAt() == null ? "never synced" : "no successful sync for more than " + t.amberAfter();
        } else {
            colour = Colour.GREEN;
            reason = null;
        }
        return new AccountHealth(a, a.lastSyncedAt(), age, streak, colour, reason);
    }
}
