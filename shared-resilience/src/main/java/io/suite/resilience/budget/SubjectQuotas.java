package io.suite.resilience.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
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
 * so a subject over its share is refused without spending a permit anyone else could use. Shares come from {@code
 * resilience.fair-share.<budget>.*} or from {@link #share}/{@link #limits} for budgets a service defines itself.
 * <p>
 * Refusals are counted as {@code resilience_subject_quota_refused_total{budget}}: never by subject (unbounded labels).
 */
@ApplicationScoped
public class SubjectQuotas {

    private static final Logger LOG = Logger.getLogger(SubjectQuotas.class);
    private static final int MAX_REMEMBERED_DENIALS = 10_000;

    /** budget NUL subject → System.nanoTime() until which this instance knows the subject has no permit. */
    private final Map<String, Long> deniedUntil = new ConcurrentHashMap<>();
    static final String REFUSED = "resilience.subject.quota.refused";

    /** One subject's limits on a budget: capacity and refill per second of each, and how long a call may wait. */
    public record Share(String budget, double[] capacities, double[] refillPerSecond, Duration maxWait) {

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < capacities.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3g burst, %.4g/s",
                        capacities[i], refillPerSecond[i]));
            }
            return "per subject " + sb + ", max wait " + maxWait;
        }
    }

    private final Pool pool;
    private final ResilienceConfig config;
    private final MeterRegistry meters;
    private final Map<String, Share> shares = new ConcurrentHashMap<>();

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
            share(budget, shared.limits().stream().map(Limit::parse).toList(), fair.share().getAsDouble(), fair.maxWait());
        } else {
            throw new IllegalStateException(key + " needs .share (a fraction of the budget) or .limits");
        }
    }

    void logConfigured(@Observes StartupEvent event) {
        shares.values().forEach(s -> LOG.infof("fair share of budget %s: %s", s.budget(), s));
    }

    /**
     * Gives each subject {@code share} (0 &lt; share &le; 1) of every limit of {@code budgetLimits}: the same refill
     * times share, a burst of share × count but at least one call, so a small share still lets everyone call.
     */
    public void share(String budget, List<Limit> budgetLimits, double share, Duration maxWait) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the fair share of budget " + budget + " must be in (0, 1], got " + share);
        }
        double[] capacities = budgetLimits.stream().mapToDouble(l -> Math.max(1, Math.floor(l.count() * share))).toArray();
        double[] refill = budgetLimits.stream().mapToDouble(l -> l.refillPerSecond() * share).toArray();
        define(new Share(budget, capacities, refill, maxWait));
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
    }

    /** The per-subject limits of {@code budget}, if it has a fair share. */
    public Optional<Share> shareOf(String budget) {
        return Optional.ofNullable(budget == null ? null : shares.get(budget));
    }

    /**
     * One attempt at {@code permits} of the subject's share; {@code permits} 0 only asks whether one is there now. A
     * budget without a share, or a call without a subject, is always granted.
     */
    public Uni<Permit> tryTake(String budget, String subject, int permits) {
        Share share = shares.get(budget);
        if (share == null || subject == null || subject.isBlank()) {
            return Uni.createFrom().item(new Permit(true, Duration.ZERO, Instant.now()));
        }
        return pool.preparedQuery("select granted, wait_ms, taken_at from resilience_take_subject_permit($1, $2, $3, $4, $5)")
                .execute(Tuple.of(budget, subject, boxed(share.capacities()), boxed(share.refillPerSecond()), permits))
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
        // a subject refused a moment ago has no permit before the time the bucket named: refuse it again without a
        // database round trip, so a caller hammering at many times its share cannot take the pool from everyone else
        String key = budget + '\u0000' + subject;
        Long until = deniedUntil.get(key);
        if (until != null) {
            long left = until - System.nanoTime();
            if (left > 0) {
                return Uni.createFrom().failure(refused(upstream, budget, subject, Duration.ofNanos(left)));
            }
            deniedUntil.remove(key, until);
        }
        // a unit dearer than the subject's whole burst is granted on a full bucket and leaves it in debt (see V0_2)
        return acquireWithin(upstream, share, subject, permits, System.nanoTime())
                .onFailure(SubjectQuotaExceededException.class).invoke(e -> remember(key, e.retryAfter().orElse(Duration.ZERO)));
    }

    private void remember(String key, Duration retryIn) {
        if (retryIn.isZero() || retryIn.isNegative()) {
            return;
        }
        if (deniedUntil.size() >= MAX_REMEMBERED_DENIALS) {
            long now = System.nanoTime();
            deniedUntil.values().removeIf(until -> until - now <= 0);
            if (deniedUntil.size() >= MAX_REMEMBERED_DENIALS) {
                return; // many subjects refused at once: the database answers for the rest
            }
        }
        deniedUntil.put(key, System.nanoTime() + retryIn.toNanos());
    }

    private Uni<Void> acquireWithin(String upstream, Share share, String subject, int permits, long start) {
        return tryTake(share.budget(), subject, permits).chain(permit -> {
            if (permit.granted()) {
                return Uni.createFrom().voidItem();
            }
            Duration left = share.maxWait().minusNanos(System.nanoTime() - start);
            if (permit.retryIn().compareTo(left) > 0) {
                return Uni.createFrom().failure(refused(upstream, share.budget(), subject, permit.retryIn()));
            }
            return Delays.delay(permit.retryIn()).chain(() -> acquireWithin(upstream, share, subject, permits, start));
        });
    }

    /**
     * Admission of work that will spend the subject's share (a sync run, an import): fails with
     * {@link SubjectQuotaExceededException} when the subject has no permit left now; takes nothing.
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

    /** Forgets buckets that have refilled completely; how many. */
    public Uni<Integer> forgetFull() {
        return pool.query("select resilience_forget_full_subject_quotas() as n").execute()
                .map(rows -> rows.iterator().next().getInteger("n"));
    }

    private static Double[] boxed(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}
