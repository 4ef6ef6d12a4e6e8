package io.suite.accounts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.AdsAccount;
import io.suite.accounts.client.AdsClient;
import io.suite.accounts.client.AdsProfile;
import io.suite.accounts.client.TokenSource;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.repository.AccountRepository;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.repository.TokenRepository;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.UpstreamException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Syncs a user's accounts and profiles from the Ads API. A run is recorded in account_sync_history as soon as it starts
 * (its id is the handle for progress) and then proceeds in the background: all accounts by POST /adsAccounts/list
 * (paged) plus GET /v2/profiles of every region, or chosen accounts by GET /adsAccounts/{id} with bounded concurrency.
 * Every upstream call goes through the shared {@code ads} guard, so all runs of all replicas share one budget.
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    private static final int CHUNK = 250;

    private final Tenancy tenancy;
    private final AccountRepository accounts;
    private final SyncRepository runs;
    private final TokenRepository tokenRows;
    private final TokenService tokens;
    private final AdsClient ads;
    private final AccountsConfig config;
    private final Clock clock;
    /** Runs still going in this instance, so tests and shutdown can wait for them. */
    private final Map<UUID, Uni<SyncRepository.Run>> active = new ConcurrentHashMap<>();
    /**
     * The full sync each user has starting or running in this instance: asking again joins it (same run id) instead of
     * queueing another identical run behind the same budget.
     */
    private final Map<UUID, Uni<UUID>> fullSyncs = new ConcurrentHashMap<>();

    public SyncService(Tenancy tenancy, AccountRepository accounts, SyncRepository runs, TokenRepository tokenRows,
            TokenService tokens, AdsClient ads, AccountsConfig config, Clock clock) {
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.runs = runs;
        this.tokenRows = tokenRows;
        this.tokens = tokens;
        this.ads = ads;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts a run and returns its id at once; {@code ids} empty means every account of the user, and joins the user's
     * full sync already running here. Beyond {@code accounts.sync.max-active-runs} runs: 503 busy with Retry-After.
     */
    public Uni<UUID> start(UUID user, List<UUID> ids, String type) {
        List<UUID> chosen = ids == null ? List.of() : List.copyOf(ids);
        if (!chosen.isEmpty()) {
            return Uni.createFrom().deferred(() -> admit().chain(() -> begin(user, chosen, type)));
        }
        return Uni.createFrom().deferred(() -> {
            Uni<UUID> mine = admit().chain(() -> begin(user, chosen, type))
                    .onFailure().invoke(() -> fullSyncs.remove(user)) // not started: the next request tries again
                    .memoize().indefinitely();
            Uni<UUID> running = fullSyncs.putIfAbsent(user, mine);
            return running != null ? running : mine;
        });
    }

    private Uni<Void> admit() {
        if (active.size() >= config.sync().maxActiveRuns()) {
            return Uni.createFrom().failure(ProblemException.busy("This instance is already running "
                    + active.size() + " sync runs; try again shortly", config.sync().busyRetryAfter()));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<UUID> begin(UUID user, List<UUID> chosen, String type) {
        return tenancy.asKnownUser(user, conn -> (chosen.isEmpty() ? Uni.createFrom().item(List.<Account>of())
                : accounts.byIds(conn, chosen)).chain(found -> {
                    if (!chosen.isEmpty() && found.size() != chosen.size()) {
                        List<UUID> missing = new ArrayList<>(chosen);
                        found.forEach(a -> missing.remove(a.id()));
                        return Uni.createFrom().failure(ProblemException.invalidField("accountIds",
                                "unknown account(s): " + missing));
                    }
                    return runs.start(conn, user, chosen.size() == 1 ? chosen.get(0) : null, type,
                            chosen.isEmpty() ? null : chosen.size()).map(run -> Map.entry(run, found));
                }))
                .invoke(started -> {
                    UUID run = started.getKey();
                    Uni<SyncRepository.Run> work = (chosen.isEmpty() ? syncAll(user, run) : syncChosen(user, run, started.getValue()))
                            .onFailure().recoverWithUni(e -> failRun(user, run, e))
                            .chain(() -> tenancy.asUser(user, c -> runs.reschedule(c, user).chain(() -> runs.find(c, run))))
                            .eventually(() -> {
                                active.remove(run); // a block: remove() returns this very Uni
                                if (chosen.isEmpty()) {
                                    fullSyncs.remove(user);
                                }
                            })
                            .memoize().indefinitely();
                    active.put(run, work);
                    work.subscribe().with(r -> LOG.infof("sync run=%s user=%s status=%s synced=%d failed=%d", run, user,
                            r.status(), r.synced(), r.failed()),
                            e -> LOG.errorf("sync run=%s user=%s could not be recorded: %s", run, user, e.getClass().getSimpleName()));
                })
                .map(Map.Entry::getKey);
    }

    /** Runs synchronously (the scheduled job): the finished run. */
    public Uni<SyncRepository.Run> runNow(UUID user, List<UUID> ids, String type) {
        return start(user, ids, type).chain(run -> {
            Uni<SyncRepository.Run> work = active.get(run);
            return work != null ? work : tenancy.asUser(user, c -> runs.find(c, run));
        });
    }

    public Uni<SyncRepository.Run> progress(UUID user, UUID run) {
        return tenancy.asUser(user, c -> runs.find(c, run)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("sync run", run));
    }

    /** Waits for a run of this instance to finish (tests; a run of another replica is read as it is). */
    public Uni<SyncRepository.Run> awaitRun(UUID user, UUID run) {
        Uni<SyncRepository.Run> work = active.get(run);
        return work != null ? work : progress(user, run);
    }

    private Uni<Void> syncAll(UUID user, UUID run) {
        TokenSource source = tokens.sourceFor(user);
        String subject = user.toString();
        return tenancy.asUser(user, tokenRows::findForUser).chain(token -> {
            UUID tokenId = token == null ? null : token.id();
            Uni<List<AdsAccount>> listed = ads.listAccounts(source, subject);
            // profiles are useful but secondary: a failing region must not fail the accounts
            Map<String, String> profileErrors = new ConcurrentHashMap<>();
            Uni<List<AdsProfile>> profiles = Multi.createFrom().iterable(ads.regions())
                    .onItem().transformToUni(r -> ads.profiles(source, subject, r)
                            .onFailure(e -> !(e instanceof ReauthorizationRequiredException)).recoverWithItem(e -> {
                                profileErrors.put("profiles." + r.name(), describe(e));
                                return List.of();
                            }))
                    .merge(3).collect().asList().map(l -> l.stream().flatMap(List::stream).toList());
            return Uni.combine().all().unis(listed, profiles).asTuple().chain(both -> {
                List<AdsAccount> all = both.getItem1();
                List<AdsProfile> profs = both.getItem2();
                Instant now = clock.instant();
                AtomicInteger done = new AtomicInteger();
                List<List<AdsAccount>> chunks = chunks(all);
                return Multi.createFrom().iterable(chunks).onItem().transformToUniAndConcatenate(chunk -> tenancy.asUser(user,
                        c -> accounts.upsert(c, user, tokenId, chunk, now, now.plus(config.sync().interval()),
                                now.plus(config.sync().pendingRepoll()))
                                .chain(() -> runs.progress(c, run, all.size(), done.addAndGet(chunk.size()), 0, 0))))
                        .collect().last()
                        .chain(() -> tenancy.asUser(user, c -> accounts.upsertProfiles(c, user, profs, now)
                                .chain(() -> accounts.fillAccountTypes(c))
                                .chain(() -> runs.finish(c, run, profileErrors.isEmpty() ? "success" : "partial", all.size(),
                                        all.size(), 0, profs.size(), new JsonObject(new java.util.HashMap<>(profileErrors))))));
            });
        });
    }

    private Uni<Void> syncChosen(UUID user, UUID run, List<Account> chosen) {
        TokenSource source = tokens.sourceFor(user);
        String subject = user.toString();
        Map<UUID, String> errors = new ConcurrentHashMap<>();
        List<AdsAccount> fetched = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger synced = new AtomicInteger();
        return tenancy.asUser(user, tokenRows::findForUser).chain(token -> Multi.createFrom().iterable(chosen)
                .onItem().transformToUni(a -> ads.getAccount(source, subject, a.amazonAccountId())
                        .invoke(fetched::add)
                        .chain(() -> {
                            int n = synced.incrementAndGet();
                            // progress for GET /sync/{runId}: every 25 accounts, not a write per account
                            return n % 25 == 0 ? tenancy.asUser(user, c -> runs.progress(c, run, chosen.size(), n, errors.size(), 0))
                                    : Uni.createFrom().voidItem();
                        })
                        .onFailure(e -> !(e instanceof ReauthorizationRequiredException)).recoverWithItem(e -> {
                            errors.put(a.id(), describe(e));
                            return null;
                        }))
                .merge(Math.max(1, config.sync().concurrency()))
                .collect().last()
                .chain(() -> {
                    Instant now = clock.instant();
                    return tenancy.asUser(user, c -> accounts.upsert(c, user, token == null ? null : token.id(), fetched, now,
                            now.plus(config.sync().interval()), now.plus(config.sync().pendingRepoll()))
                            .chain(() -> failEach(c, errors, now))
                            .chain(() -> {
                                JsonObject details = new JsonObject();
                                errors.forEach((id, msg) -> details.put(id.toString(), msg));
                                String status = errors.isEmpty() ? "success" : synced.get() == 0 ? "failed" : "partial";
                                return runs.finish(c, run, status, chosen.size(), synced.get(), errors.size(), 0, details);
                            }));
                }));
    }

    private Uni<Void> failEach(io.vertx.mutiny.sqlclient.SqlConnection c, Map<UUID, String> errors, Instant now) {
        return Multi.createFrom().iterable(errors.entrySet())
                .onItem().transformToUniAndConcatenate(e -> accounts.markFailed(c, List.of(e.getKey()), e.getValue(), now,
                        streak -> now.plus(retryDelay(streak))))
                .collect().last().replaceWithVoid();
    }

    /** The whole run failed (no token, LWA or Ads down): every account of the run is marked failed for a later retry. */
    private Uni<Void> failRun(UUID user, UUID run, Throwable e) {
        String error = describe(e);
        LOG.warnf("sync run=%s user=%s failed: %s", run, user, error);
        Instant now = clock.instant();
        return tenancy.asUser(user, c -> accounts.all(c).chain(all -> {
            List<UUID> ids = all.stream().filter(a -> a.disconnectedAt() == null).map(Account::id).toList();
            return accounts.markFailed(c, ids, error, now, streak -> now.plus(retryDelay(streak)))
                    .chain(() -> runs.finish(c, run, "failed", null, 0, ids.size(), 0, new JsonObject().put("run", error)));
        }));
    }

    Duration retryDelay(int failuresSoFar) {
        Duration d = config.sync().retryBase().multipliedBy(1L << Math.min(failuresSoFar, 16));
        return d.compareTo(config.sync().retryCap()) > 0 ? config.sync().retryCap() : d;
    }

    static String describe(Throwable e) {
        if (e instanceof ReauthorizationRequiredException reauth) {
            return "reauthorization_required: " + reauth.reason();
        }
        if (e instanceof UpstreamException || e instanceof ProblemException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        if (out.isEmpty()) {
            out.add(List.of());
        }
        return out;
    }
}
