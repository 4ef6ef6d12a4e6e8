package io.suite.accounts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.client.AdsClient;
import io.suite.accounts.client.TokenSource;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.AdsAccount;
import io.suite.accounts.domain.AdsProfile;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.domain.SyncRunStatus;
import io.suite.accounts.repository.AccountRepository;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.repository.TokenRepository;
import io.suite.resilience.budget.SubjectQuotas;
import io.suite.resilience.coalesce.SingleFlight;
import io.suite.resilience.concurrent.AllSettled;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.tracing.Traces;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.retry.BackoffPolicy;
import io.suite.resilience.upstream.UpstreamException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
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
    private final SubjectQuotas quotas;
    private final Traces traces;
    /** Runs still going in this instance, so that their leases are renewed. */
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();
    /** The work of each run going in this instance: {@link #runNow} joins it instead of reading the run's row. */
    private final SingleFlight<UUID, SyncRepository.Run> runWork = new SingleFlight<>();
    private final BackoffPolicy retries;
    /** Instance-wide and per-user caps of runs, taken atomically at admission. */
    private final RunSlots slots;
    /**
     * Concurrent full-sync requests of one user in this instance make one admission: they all get its run id (later ones
     * find the run's lease and join it, here or on another replica).
     */
    private final SingleFlight<UUID, UUID> fullSyncAdmissions = new SingleFlight<>();
    private final String owner = "accounts-sync-run-" + UUID.randomUUID();

    public SyncService(Tenancy tenancy, AccountRepository accounts, SyncRepository runs, TokenRepository tokenRows,
            TokenService tokens, AdsClient ads, AccountsConfig config, Clock clock, SubjectQuotas quotas, Traces traces) {
        this.tenancy = tenancy;
        this.accounts = accounts;
        this.runs = runs;
        this.tokenRows = tokenRows;
        this.tokens = tokens;
        this.ads = ads;
        this.config = config;
        this.clock = clock;
        this.quotas = quotas;
        this.traces = traces;
        this.slots = new RunSlots(config.sync().maxActiveRuns(), config.sync().maxRunsPerUser());
        // only the delay arithmetic is used: a failed account is retried when it comes due again, without a limit
        this.retries = new BackoffPolicy(config.sync().retryBase(), config.sync().retryCap(), Integer.MAX_VALUE,
                config.sync().retryCap());
    }

    /** What admission decided, in one transaction under the user's lock. */
    private record Admission(UUID run, boolean joined, List<Account> chosen) {
    }

    /**
     * Starts a run and returns its id at once; {@code ids} empty means every account of the user, and joins the user's
     * full sync already running (on any replica). A user with {@code accounts.sync.max-runs-per-user} runs going, or over
     * its fair share of the ads budget ({@code resilience.fair-share.ads.*}), gets 429 with Retry-After; an instance running
     * {@code accounts.sync.max-active-runs} gets 503 busy with Retry-After.
     */
    public Uni<UUID> start(UUID user, List<UUID> ids, String type) {
        List<UUID> chosen = ids == null ? List.of() : List.copyOf(ids);
        return refuseWithoutWorkingGrant(user).chain(() -> chosen.isEmpty()
                ? fullSyncAdmissions.run(user, () -> admitAndLaunch(user, chosen, type))
                : admitAndLaunch(user, chosen, type));
    }

    /**
     * The first full sync of a new connection (its request is already stored with the connection): started now, so the
     * user sees its progress at once. Not starting it here (the user's share of the budget spent, this instance busy, a
     * database hiccup) is no failure of the connect: the sync job starts it within {@code accounts.sync.first-sync-recheck}.
     */
    public Uni<Optional<UUID>> startFirstSync(UUID user) {
        if (!config.sync().startOnConnect()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return start(user, List.of(), "scheduled").map(Optional::of).onFailure().recoverWithItem(e -> {
            LOG.infof("first sync of user=%s not started at connect (%s); the sync job starts it", user, e.getClass().getSimpleName());
            return Optional.empty();
        });
    }

    /**
     * A connection known to need re-authorisation gets 409 at once, naming the reconnect, instead of a 202 for a run
     * that can only fail with {@code reauthorization_required}.
     */
    private Uni<Void> refuseWithoutWorkingGrant(UUID user) {
        return tenancy.asUser(user, tokenRows::findForUser).invoke(token -> {
            if (token != null && (token.needsReauth() || token.revokedAt() != null)) {
                throw new ReauthorizationRequiredException("a sync was asked for while the connection needs re-authorisation");
            }
        }).replaceWithVoid();
    }

    private Uni<UUID> admitAndLaunch(UUID user, List<UUID> chosen, String type) {
        // a user whose fair share of the ads budget is spent gets 429 + Retry-After now, before a run that could only
        // wait for it (its calls take from that share too: resilience.fair-share.ads.*)
        return quotas.admit(AdsClient.UPSTREAM, AdsClient.UPSTREAM, user.toString())
                .chain(() -> admitWithinSlots(user, chosen, type));
    }

    private Uni<UUID> admitWithinSlots(UUID user, List<UUID> chosen, String type) {
        Duration retryAfter = config.sync().busyRetryAfter();
        switch (slots.take(user)) {
            case USER_FULL -> {
                return Uni.createFrom().failure(ProblemException.tooManyRequests("You already have "
                        + config.sync().maxRunsPerUser() + " sync runs going; try again when one has finished", retryAfter));
            }
            case INSTANCE_FULL -> {
                return Uni.createFrom().failure(ProblemException.busy("This instance is already running "
                        + config.sync().maxActiveRuns() + " sync runs; try again shortly", retryAfter));
            }
            default -> {
                // a slot is held from here: released when the run ends, or now if none starts
            }
        }
        return admit(user, chosen, type)
                .onFailure().invoke(e -> slots.release(user))
                .invoke(admission -> {
                    if (admission.joined()) {
                        slots.release(user);
                    } else {
                        launch(user, admission.run(), chosen.isEmpty(), admission.chosen());
                    }
                })
                .map(Admission::run);
    }

    private Uni<Admission> admit(UUID user, List<UUID> chosen, String type) {
        return tenancy.asKnownUserExclusive(user, conn -> {
            if (chosen.isEmpty()) {
                return runs.liveFullRun(conn, user).chain(running -> running != null
                        ? Uni.createFrom().item(new Admission(running, true, List.of()))
                        : newRun(conn, user, chosen, List.of(), type));
            }
            return accounts.byIds(conn, chosen).chain(found -> {
                if (found.size() != chosen.size()) {
                    List<UUID> missing = new ArrayList<>(chosen);
                    found.forEach(a -> missing.remove(a.id()));
                    return Uni.createFrom().failure(ProblemException.invalidField("account_ids", "unknown account(s): " + missing));
                }
                return newRun(conn, user, chosen, found, type);
            });
        });
    }

    /** Under the user's lock, so two replicas cannot both pass the per-user cap. */
    private Uni<Admission> newRun(SqlConnection conn, UUID user, List<UUID> chosen, List<Account> found, String type) {
        return runs.liveRuns(conn, user).chain(live -> {
            if (live >= config.sync().maxRunsPerUser()) {
                return Uni.createFrom().failure(ProblemException.tooManyRequests("You already have " + live
                        + " sync runs going; try again when one has finished", config.sync().busyRetryAfter()));
            }
            return runs.start(conn, user, chosen.size() == 1 ? chosen.get(0) : null, type, chosen.isEmpty() ? null : chosen.size())
                    .call(run -> runs.lease(conn, run, user, chosen.isEmpty(), owner, config.sync().runLease()))
                    .map(run -> new Admission(run, false, found));
        });
    }

    private void launch(UUID user, UUID run, boolean full, List<Account> chosen) {
        Duration limit = config.sync().maxRunDuration();
        // the run's own log lines carry the id of the request that started it, wherever its work goes on
        String correlation = CorrelationId.current().orElseGet(CorrelationId::generate);
        active.add(run);
        // the run is a trace of its own (linked to the request that started it): its Ads and LWA calls and statements
        runWork.run(run, () -> traces.newTrace("accounts sync run", correlation, () -> {
            Span.current().setAttribute("accounts.run_id", run.toString());
            Span.current().setAttribute("accounts.full_sync", full);
            return (full ? syncAll(user, run) : syncChosen(user, run, chosen))
                    // a stalled run (an upstream or the database never answering) ends as failed instead of holding its slot
                    .ifNoItem().after(limit).failWith(() -> new RunTimedOut(limit))
                    .onFailure().recoverWithUni(e -> failRun(user, run, e, correlation))
                    .chain(() -> tenancy.asUser(user, c -> runs.find(c, run)
                            // a full run that listed the accounts ends the pending first sync; a failed one leaves it for the job
                            .call(r -> full && r.status() != SyncRunStatus.FAILED ? runs.fullSyncDone(c, user)
                                    : Uni.createFrom().voidItem())
                            .call(() -> runs.reschedule(c, user))));
        }).eventually(() -> {
            active.remove(run);
            slots.release(user);
        }))
                .subscribe().with(r -> withCorrelation(correlation, () -> LOG.infof("sync run=%s user=%s status=%s synced=%d failed=%d",
                        run, user, r.status().wire(), r.synced(), r.failed())),
                        e -> withCorrelation(correlation, () -> LOG.warnf(
                                "sync run=%s user=%s could not be recorded (its lease will end it): %s", run, user,
                                e.getClass().getSimpleName())));
    }

    /** A run went on longer than {@code accounts.sync.max-run-duration}. */
    static final class RunTimedOut extends RuntimeException {
        RunTimedOut(Duration limit) {
            super("the run did not finish within " + limit + " and was stopped", null, false, false);
        }
    }

    /** Renews the leases of the runs going in this instance; the number renewed. */
    public Uni<Integer> renewLeases() {
        return runs.renew(List.copyOf(active), owner, config.sync().runLease());
    }

    /**
     * Finishes as failed every run whose lease ran out: its instance died, or stopped renewing it. The number finished
     * here (another replica may finish some first).
     */
    public Uni<Integer> finishAbandonedRuns() {
        return runs.abandoned(100).chain(found -> Multi.createFrom().iterable(found)
                .onItem().transformToUniAndConcatenate(a -> tenancy.asUser(a.user(), c -> runs.finishAbandoned(c, a.run(),
                        "the instance running it stopped or stalled (lease expired)")
                        .call(done -> done ? runs.reschedule(c, a.user()) : Uni.createFrom().voidItem()))
                        .invoke(done -> {
                            if (done) {
                                LOG.warnf("sync run=%s user=%s finished as failed: its lease (owner %s) ran out", a.run(), a.user(),
                                        a.owner());
                            }
                        }))
                .collect().asList().map(l -> (int) l.stream().filter(Boolean::booleanValue).count()));
    }

    /** Runs this instance is going on with now. */
    public int activeRuns() {
        return slots.taken();
    }

    /** Runs synchronously (the scheduled job): the finished run. */
    public Uni<SyncRepository.Run> runNow(UUID user, List<UUID> ids, String type) {
        // joins the run's work while it goes on here; a run already finished (or joined on another replica) is read
        return start(user, ids, type).chain(run -> runWork.run(run, () -> tenancy.asUser(user, c -> runs.find(c, run))));
    }

    public Uni<SyncRepository.Run> progress(UUID user, UUID run) {
        return tenancy.asUser(user, c -> runs.find(c, run)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("sync run", run));
    }

    private Uni<Void> syncAll(UUID user, UUID run) {
        TokenSource source = tokens.sourceFor(user);
        String subject = user.toString();
        return tenancy.asUser(user, tokenRows::findForUser).chain(token -> {
            UUID tokenId = token == null ? null : token.id();
            Uni<List<AdsAccount>> listed = ads.listAccounts(source, subject);
            // profiles are useful but secondary: a failing region must not fail the accounts
            Map<String, String> profileErrors = new ConcurrentHashMap<>();
            // every call settles before the run fails: a revoked grant fails them all, and none is left to be dropped
            Uni<List<AdsProfile>> profiles = AllSettled.all(ads.regions().stream()
                    .map(r -> ads.profiles(source, subject, r)
                            .onFailure(e -> !(e instanceof ReauthorizationRequiredException)).recoverWithItem(e -> {
                                profileErrors.put("profiles." + r.name(), describe(e));
                                return List.<AdsProfile> of();
                            }))
                    .toList(), 3).map(l -> l.stream().flatMap(List::stream).toList());
            return AllSettled.both(listed, profiles).chain(both -> {
                List<AdsAccount> all = both.getItem1();
                List<AdsProfile> profs = both.getItem2();
                Instant now = clock.instant();
                AtomicInteger done = new AtomicInteger();
                List<List<AdsAccount>> chunks = chunks(all);
                return Multi.createFrom().iterable(chunks).onItem().transformToUniAndConcatenate(chunk -> tenancy.asUserExclusive(user,
                        c -> accounts.upsert(c, user, tokenId, chunk, now, now.plus(config.sync().interval()),
                                now.plus(config.sync().pendingRepoll()))
                                .chain(() -> runs.progress(c, run, all.size(), done.addAndGet(chunk.size()), 0, 0))))
                        .collect().last()
                        .chain(() -> tenancy.asUserExclusive(user, c -> accounts.upsertProfiles(c, user, profs, now)
                                .chain(() -> profileErrors.isEmpty() ? accounts.profilesFetched(c) : Uni.createFrom().voidItem())
                                .chain(() -> accounts.fillAccountTypes(c))
                                .chain(() -> runs.finish(c, run, profileErrors.isEmpty() ? SyncRunStatus.SUCCESS : SyncRunStatus.PARTIAL,
                                        all.size(),
                                        all.size(), 0, profs.size(), new JsonObject(new HashMap<>(profileErrors))))));
            });
        });
    }

    private Uni<Void> syncChosen(UUID user, UUID run, List<Account> chosen) {
        TokenSource source = tokens.sourceFor(user);
        String subject = user.toString();
        Map<UUID, String> errors = new ConcurrentHashMap<>();
        List<AdsAccount> fetched = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger synced = new AtomicInteger();
        return tenancy.asUser(user, tokenRows::findForUser).chain(token -> AllSettled.all(chosen.stream()
                .map(a -> ads.getAccount(source, subject, a.amazonAccountId())
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
                .toList(), config.sync().concurrency())
                .chain(() -> {
                    Instant now = clock.instant();
                    return tenancy.asUserExclusive(user, c -> accounts.upsert(c, user, token == null ? null : token.id(), fetched, now,
                            now.plus(config.sync().interval()), now.plus(config.sync().pendingRepoll()))
                            .chain(() -> failEach(c, errors, now))
                            .chain(() -> {
                                JsonObject details = new JsonObject();
                                errors.forEach((id, msg) -> details.put(id.toString(), msg));
                                SyncRunStatus status = errors.isEmpty() ? SyncRunStatus.SUCCESS
                                        : synced.get() == 0 ? SyncRunStatus.FAILED : SyncRunStatus.PARTIAL;
                                return runs.finish(c, run, status, chosen.size(), synced.get(), errors.size(), 0, details);
                            }));
                }));
    }

    private Uni<Void> failEach(SqlConnection c, Map<UUID, String> errors, Instant now) {
        return Multi.createFrom().iterable(errors.entrySet())
                .onItem().transformToUniAndConcatenate(e -> accounts.markFailed(c, List.of(e.getKey()), e.getValue(), now,
                        streak -> now.plus(retryDelay(streak))))
                .collect().last().replaceWithVoid();
    }

    /** The whole run failed (no token, LWA or Ads down): every account of the run is marked failed for a later retry. */
    private Uni<Void> failRun(UUID user, UUID run, Throwable e, String correlation) {
        String error = describe(e);
        withCorrelation(correlation, () -> LOG.warnf("sync run=%s user=%s failed: %s", run, user, error));
        Instant now = clock.instant();
        return tenancy.asUserExclusive(user, c -> accounts.all(c).chain(all -> {
            List<UUID> ids = all.stream().filter(a -> a.disconnectedAt() == null).map(Account::id).toList();
            return accounts.markFailed(c, ids, error, now, streak -> now.plus(retryDelay(streak)))
                    .chain(() -> runs.finish(c, run, SyncRunStatus.FAILED, null, 0, ids.size(), 0, new JsonObject().put("run", error)));
        }));
    }

    /** Logs with the given correlation id bound, then puts back what was bound before. */
    private static void withCorrelation(String id, Runnable log) {
        Optional<String> before = CorrelationId.current();
        CorrelationId.bind(id);
        try {
            log.run();
        } finally {
            before.ifPresentOrElse(CorrelationId::bind, CorrelationId::clear);
        }
    }

    /** Base, doubled per earlier failure, capped: the delay before retry number {@code failuresSoFar + 1}. */
    Duration retryDelay(int failuresSoFar) {
        return Duration.ofMillis(retries.ceilingMillis(failuresSoFar + 1));
    }

    static String describe(Throwable e) {
        if (e instanceof ReauthorizationRequiredException reauth) {
            return "reauthorization_required: " + reauth.reason();
        }
        if (e instanceof UpstreamException || e instanceof ProblemException || e instanceof RunTimedOut) {
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
