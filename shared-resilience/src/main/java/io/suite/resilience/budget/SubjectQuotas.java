package io.suite.resilience.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.Delays;
import io.suite.resilience.config.ResilienceConfig;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Fair share of the shared rate budgets: a token bucket per (budget, subject) in Postgres ({@code
 * resilience_subject_quota}, one statement per take, shared by every replica), taken <em>before</em> the shared budget,
 * so a subject over its share is refused without spending a permit anyone else could use. A share is the most one
 * subject may use; when more subjects are active it is split equally between them (max-min in effect: a light user
 * keeps what it needs, a heavy one gets what is left of its part). Shares come from {@code resilience.fair-share.<budget>.*}
 * or from {@link #share}/{@link #limits} for budgets a service defines itself.
 * <p>
 * A take that would wait at most the share's {@code max-wait} reserves its permit at once and then waits on a timer, so
 * waiting callers cost no further database round trip; a longer wait is a 429 with Retry-After. Refusals are counted as
 * {@code resilience_subject_quota_refused_total{budget}}: never by subject (unbounded labels).
 */
@ApplicationScoped
public class SubjectQuotas {

    private static final Logger LOG = Logger.getLogger(SubjectQuotas.class);
    private static final int MAX_REMEMBERED_DENIALS = 10_000;
    static final String REFUSED = "resilience.subject.quota.refused";
    static final String ACTIVE = "resilience.subject.quota.active";

    /**
     * One budget's per-subject limits: capacity and refill per second of each; {@code fraction} of them when split (a
     * share of the budget, divided further between the active subjects), as given when not; how long a call may wait.
     */
    public record Share(String budget, double[] capacities, double[] refillPerSecond, Duration maxWait, double fraction,
            boolean split, Duration activeWindow) {

        /** Own limits, the same for every subject whatever the others do. */
        public Share(String budget, double[] capacities, double[] refillPerSecond, Duration maxWait) {
            this(budget, capacities, refillPerSecond, maxWait, 1, false, Duration.ZERO);
        }

        /** The limits of each subject while {@code active} subjects use the budget. */
        Share effective(int active) {
            if (!split) {
                return this;
            }
            double f = Math.min(fraction, 1.0 / Math.max(1, active));
            double[] burst = new double[capacities.length];
            double[] refill = new double[capacities.length];
            for (int i = 0; i < capacities.length; i++) {
                refill[i] = refillPerSecond[i] * f;
                // at least one call, and at least a second's worth of the share: a budget written with a short period
                // (2/110ms) would otherwise leave each user a burst of one, refusing two clicks in quick succession
                burst[i] = Math.max(1, Math.max(Math.floor(capacities[i] * f), Math.floor(refill[i])));
            }
            return new Share(budget, burst, refill, maxWait, f, false, activeWindow);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < capacities.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g burst, %.4g/s",
                        capacities[i], refillPerSecond[i]));
            }
            return (split ? "at most " + fraction + " of " + sb + ", split between the subjects active within "
                    + activeWindow : "per subject " + sb) + ", max wait " + maxWait;
        }
    }

    private final Pool pool;
    private final ResilienceConfig config;
    private final MeterRegistry meters;
    private final Map<String, Share> shares = new ConcurrentHashMap<>();
    /** Subjects active lately per split budget, as last counted (shared by the replicas through the table). */
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    /** budget NUL subject → System.nanoTime() until which this instance knows the subject would be refused. */
    private final Map<String, Long> deniedUntil = new ConcurrentHashMap<>();

    public SubjectQuotas(Pool pool, ResilienceConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.config = config;
        this.meters = meters;
        config.fairShare().forEach(this::configure);
    }

    private void configure(String budget, ResilienceConfig.FairShare fair) {
        String key = "resilience.fair-share." + budget;
        if (fair.limits().isPresent() && !fair.limits().get().isEmpty()) {
            limits(budget, fair.limits().get().stream().map(Limit::parse).toList(), fair.maxWait());
        } else if (fair.share().isPresent()) {
            ResilienceConfig.Budget shared = config.budgets().get(budget);
            if (shared == null) {
                throw new IllegalStateException(key + ".share needs resilience.budgets." + budget
                        + ".limits (or give the subject's own " + key + ".limits)");
            }
            share(budget, shared.limits().stream().map(Limit::parse).toList(), fair.share().getAsDouble(), fair.maxWait(),
                    fair.activeWindow());
        } else {
            throw new IllegalStateException(key + " needs .share (a fraction of the budget) or .limits");
        }
    }

    void logConfigured(@Observes StartupEvent event) {
        shares.values().forEach(s -> LOG.infof("fair share of budget %s: %s", s.budget(), s));
    }

    /** As {@link #share(String, List, double, Duration, Duration)} with subjects active within 30 s. */
    public void share(String budget, List<Limit> budgetLimits, double share, Duration maxWait) {
        share(budget, budgetLimits, share, maxWait, Duration.ofSeconds(30));
    }

    /**
     * Gives each subject at most {@code share} (0 &lt; share &le; 1) of every limit of {@code budgetLimits}, and 1/n
     * of them while n &gt; 1/share subjects were active within {@code activeWindow}: the same refill times the fraction,
     * a burst of fraction × count but at least one call and at least a second of the share's rate, so a small share
     * still lets everyone call.
     */
    public void share(String budget, List<Limit> budgetLimits, double share, Duration maxWait, Duration activeWindow) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the fair share of budget " + budget + " must be in (0, 1], got " + share);
        }
        if (activeWindow.isNegative() || activeWindow.isZero()) {
            throw new IllegalArgumentException("the fair share of budget " + budget + " needs an active window > 0");
        }
        define(new Share(budget, budgetLimits.stream().mapToDouble(Limit::count).toArray(),
                budgetLimits.stream().mapToDouble(Limit::refillPerSecond).toArray(), maxWait, share, true, activeWindow));
    }

    /** Gives each subject its own {@code limits} on {@code budget}. */
    public void limits(String budget, List<Limit> limits, Duration maxWait) {
        define(new Share(budget, limits.stream().mapToDouble(Limit::count).toArray(),
                limits.stream().mapToDouble(Limit::refillPerSecond).toArray(), maxWait));
    }

    /** Sets (or replaces) the per-subject limits of {@code share.budget()}. */
    public void define(Share share) {
        if (share.capacities().length == 0 || share.capacities().length > 8 || share.maxWait().isNegative()) {
            throw new IllegalArgumentException("fair share of budget " + share.budget() + ": 1 to 8 limits and a wait >= 0");
        }
        shares.put(share.budget(), share);
        deniedUntil.clear(); // denials remembered under the old limits no longer hold
        meters.counter(REFUSED, "budget", share.budget()); // at 0 from the start, so rate() sees the first refusal
        if (share.split()) {
            AtomicInteger count = active.computeIfAbsent(share.budget(), b -> new AtomicInteger(1));
            meters.gauge(ACTIVE, Tags.of("budget", share.budget()), count, AtomicInteger::get);
        }
    }

    /** The per-subject limits of {@code budget} as configured, if it has a fair share. */
    public Optional<Share> shareOf(String budget) {
        return Optional.ofNullable(budget == null ? null : shares.get(budget));
    }

    /** The limits one subject of {@code budget} has now (split between the active subjects), if it has a fair share. */
    public Optional<Share> effectiveShareOf(String budget) {
        return shareOf(budget).map(s -> s.effective(activeSubjects(budget)));
    }

    /** Subjects active on {@code budget} lately, as this instance last counted them (at least 1). */
    public int activeSubjects(String budget) {
        AtomicInteger n = active.get(budget);
        return n == null ? 1 : Math.max(1, n.get());
    }

    /**
     * One take of {@code permits} of the subject's share, reserving ahead up to the share's max-wait; {@code permits} 0
     * only asks whether a take would be granted now. A budget without a share, or a call without a subject, is always
     * granted. A granted permit's {@code retryIn} is how long the caller must wait before it calls.
     */
    public Uni<Permit> tryTake(String budget, String subject, int permits) {
        Share configured = shares.get(budget);
        if (configured == null || subject == null || subject.isBlank()) {
            return Uni.createFrom().item(new Permit(true, Duration.ZERO, Instant.now()));
        }
        Share share = configured.effective(activeSubjects(budget));
        return pool.preparedQuery("select granted, wait_ms, taken_at from resilience_take_subject_permit($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(budget, subject, boxed(share.capacities()), boxed(share.refillPerSecond()), permits,
                        share.maxWait().toMillis()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Permit(row.getBoolean("granted"), Duration.ofMillis(row.getLong("wait_ms")),
                            row.getOffsetDateTime("taken_at").toInstant());
                });
    }

    /**
     * Takes {@code permits} of the subject's share, waiting (on a timer) at most the share's {@code max-wait}; a
     * longer wait fails at once with {@link SubjectQuotaExceededException} (429 with Retry-After), counted.
     */
    public Uni<Void> acquire(String upstream, String budget, String subject, int permits) {
        Share share = shares.get(budget);
        if (share == null || subject == null || subject.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        // a subject refused a moment ago is refused again until the time the bucket named, without a database round
        // trip, so a caller hammering at many times its share cannot take the pool from everyone else
        String key = budget + '\u0000' + subject;
        Long until = deniedUntil.get(key);
        if (until != null) {
            long left = until - System.nanoTime();
            if (left > 0) {
                return Uni.createFrom().failure(refused(upstream, budget, subject, Duration.ofNanos(left).plus(share.maxWait())));
            }
            deniedUntil.remove(key, until);
        }
        return tryTake(budget, subject, permits).chain(permit -> {
            if (!permit.granted()) {
                // it could be granted (with a wait) once less than max-wait is missing
                remember(key, permit.retryIn().minus(share.maxWait()));
                return Uni.createFrom().failure(refused(upstream, budget, subject, permit.retryIn()));
            }
            return permit.retryIn().isZero() ? Uni.createFrom().voidItem() : Delays.delay(permit.retryIn());
        });
    }

    private void remember(String key, Duration refusedFor) {
        if (refusedFor.isZero() || refusedFor.isNegative()) {
            return;
        }
        if (deniedUntil.size() >= MAX_REMEMBERED_DENIALS) {
            long now = System.nanoTime();
            deniedUntil.values().removeIf(until -> until - now <= 0);
            if (deniedUntil.size() >= MAX_REMEMBERED_DENIALS) {
                return; // many subjects refused at once: the database answers for the rest
            }
        }
        deniedUntil.put(key, System.nanoTime() + refusedFor.toNanos());
    }

    /**
     * Admission of work that will spend the subject's share (a sync run, an import): fails with
     * {@link SubjectQuotaExceededException} when even waiting the share's max-wait would not give the subject a permit;
     * takes nothing.
     */
    public Uni<Void> admit(String upstream, String budget, String subject) {
        return tryTake(budget, subject, 0).chain(permit -> permit.granted() ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(refused(upstream, budget, subject, permit.retryIn())));
    }

    private SubjectQuotaExceededException refused(String upstream, String budget, String subject, Duration retryIn) {
        meters.counter(REFUSED, "budget", budget).increment();
        return new SubjectQuotaExceededException(upstream, budget, subject, retryIn);
    }

    /** Refusals counted so far for {@code budget} on this instance. */
    public double refused(String budget) {
        return meters.counter(REFUSED, "budget", budget).count();
    }

    @Scheduled(every = "${resilience.subject-quotas.active-refresh:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledActiveCount() {
        return countActive().onFailure().recoverWithItem(e -> {
            LOG.debugf("counting active subjects failed (the last count stays): %s", e.getMessage());
            return null;
        });
    }

    /** Counts the subjects active on each split budget now (the scheduler does every few seconds). */
    public Uni<Void> countActive() {
        List<Share> split = shares.values().stream().filter(Share::split).toList();
        return Multi.createFrom().iterable(split)
                .onItem().transformToUniAndConcatenate(s -> pool.preparedQuery("select resilience_active_subjects($1, $2) as n")
                        .execute(Tuple.of(s.budget(), s.activeWindow().toMillis()))
                        .invoke(rows -> active.computeIfAbsent(s.budget(), b -> new AtomicInteger(1))
                                .set(rows.iterator().next().getInteger("n"))))
                .collect().last().replaceWithVoid();
    }

    @Scheduled(every = "${resilience.subject-quotas.cleanup-interval:10m}",
            delayed = "${resilience.subject-quotas.cleanup-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledCleanup() {
        return forgetFull().invoke(n -> LOG.debugf("forgot %d refilled subject quotas", n)).replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("subject quota clean-up failed (retried next time): %s", e.getMessage());
                    return null;
                });
    }

    /** Forgets buckets that have refilled completely and no longer count as active; how many. */
    public Uni<Integer> forgetFull() {
        long keep = shares.values().stream().mapToLong(s -> s.activeWindow().toMillis()).max().orElse(0);
        return pool.preparedQuery("select resilience_forget_full_subject_quotas($1) as n").execute(Tuple.of(keep))
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}
