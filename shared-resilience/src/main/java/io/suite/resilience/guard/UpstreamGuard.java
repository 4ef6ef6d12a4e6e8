package io.suite.resilience.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.budget.SubjectQuotas;
import io.suite.resilience.budget.Subjects;
import io.suite.resilience.budget.UpstreamUsage;
import io.suite.resilience.config.ResilienceConfig;
import io.suite.resilience.retry.BackoffPolicy;
import io.suite.resilience.retry.RetryAfterBackoff;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.suite.resilience.tracing.Traces;
import io.suite.resilience.upstream.RetryBudgetExceededException;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.suite.resilience.upstream.UpstreamErrors;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import jakarta.enterprise.util.TypeLiteral;

/**
 * Everything around one upstream's calls, outermost first: retry (Retry-After-aware backoff) → circuit breaker →
 * the subject's fair share of the budget → shared rate budget → timeout → the HTTP call. Services wrap each REST-client call in
 * {@link #call}; none of them
 * writes its own retry, breaker or rate limit.
 * <p>
 * Call it outside database transactions: a retry may wait for minutes, and a transaction must not stay open (or be
 * replayed) meanwhile. The budget permit is its own autocommit statement.
 */
public final class UpstreamGuard {

    private static final Logger LOG = Logger.getLogger(UpstreamGuard.class);
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };
    static final AttributeKey<String> UPSTREAM = AttributeKey.stringKey("upstream.name");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("upstream.endpoint");
    static final AttributeKey<String> BREAKER_STATE = AttributeKey.stringKey("upstream.breaker_state");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("upstream.outcome");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("upstream.attempt");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("upstream.attempts");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("upstream.status");
    static final AttributeKey<Long> BUDGET_WAIT_MS = AttributeKey.longKey("upstream.budget_wait_ms");

    private final String name;
    private final ResilienceConfig.Upstream config;
    private final RateBudgets budgets;
    private final SubjectQuotas quotas;
    private final UpstreamUsage usage;
    private final BreakerEvents events;
    private final Clock clock;
    private final Guard guard;
    private final AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private volatile long openedAtNanos;
    private final AtomicInteger held = new AtomicInteger();
    private final UpstreamErrors errors;
    private final Traces traces;

    UpstreamGuard(String name, ResilienceConfig.Upstream config, RateBudgets budgets, SubjectQuotas quotas,
            UpstreamUsage usage, BreakerEvents events, Clock clock, UpstreamErrors errors, Traces traces) {
        this.name = name;
        this.errors = errors;
        this.traces = traces;
        this.config = config;
        this.budgets = budgets;
        this.quotas = quotas;
        this.usage = usage;
        this.events = events;
        this.clock = clock;
        this.guard = buildGuard();
    }

    private Guard buildGuard() {
        ResilienceConfig.Retry retry = config.retry();
        BackoffPolicy policy = new BackoffPolicy(retry.base(), retry.cap(), retry.maxAttempts(), retry.maxDuration());
        Guard.Builder builder = Guard.create().withDescription("upstream " + name)
                .withRetry()
                .maxRetries(retry.maxAttempts() - 1)
                .delay(0, ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(retry.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .whenException(UpstreamGuard::isRetryable)
                .withCustomBackoff().strategy(() -> new RetryAfterBackoff(policy)).done()
                .done();
        ResilienceConfig.Breaker breaker = config.breaker();
        if (breaker.enabled()) {
            builder = builder.withCircuitBreaker()
                    .name("upstream-" + name)
                    .requestVolumeThreshold(breaker.failureThreshold())
                    .failureRatio(1.0)
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(UpstreamGuard::isBreakerFailure)
                    .onStateChange(this::onStateChange)
                    .done();
        }
        return builder.build();
    }

    public String name() {
        return name;
    }

    public CircuitBreakerState breakerState() {
        return state.get();
    }

    /** Calls this guard holds now on this instance: waiting for a permit, backing off or in flight. */
    public int held() {
        return held.get();
    }

    /** Calls the upstream through the whole chain. {@code endpoint} names the call for usage counts and metrics. */
    public <T> Uni<T> call(String endpoint, Supplier<? extends Uni<? extends T>> call) {
        return call(endpoint, null, call);
    }

    /**
     * As {@link #call(String, Supplier)}, counting the call for {@code subject} too (e.g. the user it is made for); null
     * means the subscription's {@link Subjects} subject, if any. When the budget has a fair share
     * ({@code resilience.fair-share.<budget>}), each attempt first takes from the subject's share, and a subject over it
     * fails with {@link io.suite.resilience.upstream.SubjectQuotaExceededException} (429) without spending the budget.
     */
    public <T> Uni<T> call(String endpoint, String subject, Supplier<? extends Uni<? extends T>> call) {
        return call(endpoint, subject, 1, call);
    }

    /**
     * As {@link #call(String, String, Supplier)} for a unit of work that makes {@code permits} upstream requests: each
     * attempt takes all its permits at once, so a unit never holds part of its budget while it waits for the rest.
     */
    public <T> Uni<T> call(String endpoint, String subject, int permits, Supplier<? extends Uni<? extends T>> call) {
        return call(endpoint, subject, permits, config.budget(), call);
    }

    /**
     * As {@link #call(String, String, int, Supplier)}, taking the permits from {@code budget} instead of the upstream's
     * configured one: an upstream whose quota belongs to each credential (one per store, tenant, account) keeps one
     * breaker and retry policy but a budget per credential. A 429 cools down that budget only. The budget must be
     * defined ({@code resilience.budgets.*} or {@link RateBudgets#define}).
     */
    public <T> Uni<T> callWithBudget(String budget, String endpoint, String subject, int permits,
            Supplier<? extends Uni<? extends T>> call) {
        if (budget == null || budget.isBlank()) {
            throw new IllegalArgumentException("a per-call budget needs a name");
        }
        return call(endpoint, subject, permits, Optional.of(budget), call);
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> call(String endpoint, String subject, int permits, Optional<String> budget,
            Supplier<? extends Uni<? extends T>> call) {
        if (permits < 1) {
            throw new IllegalArgumentException("a guarded call takes at least one permit, got " + permits);
        }
        if (subject == null) {
            return Subjects.current().chain(s -> guarded(endpoint, s, permits, budget, call));
        }
        return guarded(endpoint, subject, permits, budget, call);
    }

    /**
     * One span per call ({@code upstream <name>}: endpoint, breaker state, attempts, outcome) with a child per attempt
     * ({@code upstream <name> attempt}: attempt number, breaker state, budget wait, status, outcome); the budget's
     * statement and the HTTP call are the attempt's children. A retry runs after its backoff on whatever context the
     * timer gives it, so each attempt names the call's span as its parent explicitly.
     */
    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(String endpoint, String subject, int permits, Optional<String> budget,
            Supplier<? extends Uni<? extends T>> call) {
        return traces.inSpan("upstream " + name, span -> {
            span.setAttribute(UPSTREAM, name);
            span.setAttribute(ENDPOINT, endpoint);
            span.setAttribute(BREAKER_STATE, state.get().name());
            Context callContext = Context.current();
            AtomicInteger attempts = new AtomicInteger();
            // the subject's share first, once per call: a caller over it is refused before it holds a place in the queue
            // or takes a permit someone else could use (retries of an admitted call are the upstream's doing, not the
            // caller's). An open breaker answers 503 at once without a call, so such a call spends no share (never a 429).
            Uni<Void> share = budget.filter(b -> state.get() != CircuitBreakerState.OPEN)
                    .map(b -> quotas.acquire(name, b, subject, permits)).orElseGet(() -> Uni.createFrom().voidItem());
            return share.chain(() -> Uni.createFrom().deferred(() -> {
                int now = held.incrementAndGet();
                if (config.maxQueued().isPresent() && now > config.maxQueued().getAsInt()) {
                    held.decrementAndGet();
                    return Uni.createFrom().<T> failure(
                            BudgetWaitExceededException.queueFull(name, config.maxQueued().getAsInt()));
                }
                long started = System.nanoTime();
                Supplier<Uni<Object>> attempt = () -> traces.inSpan(callContext, "upstream " + name + " attempt",
                        attemptSpan -> (Uni<Object>) attempt(attemptSpan, attempts.incrementAndGet(), endpoint, subject,
                                permits, budget, started, call));
                Uni<Object> guarded = Uni.createFrom().deferred(() -> guard.get(attempt, UNI));
                return (Uni<T>) guarded.onFailure(CircuitBreakerOpenException.class)
                        .transform(e -> UpstreamUnavailableException.breakerOpen(name, remainingOpen(), e))
                        .onTermination().invoke(held::decrementAndGet);
            })).onItemOrFailure().invoke((item, failure) -> {
                span.setAttribute(ATTEMPTS, attempts.get());
                span.setAttribute(OUTCOME, outcome(failure));
            });
        });
    }

    private <T> Uni<T> attempt(Span span, int number, String endpoint, String subject, int permits,
            Optional<String> budget, long started, Supplier<? extends Uni<? extends T>> call) {
        span.setAttribute(UPSTREAM, name);
        span.setAttribute(ENDPOINT, endpoint);
        span.setAttribute(ATTEMPT, number);
        span.setAttribute(BREAKER_STATE, state.get().name());
        Uni<Void> permit = budget
                .map(b -> budgets.acquire(name, b, permits, config.maxBudgetWait())
                        .invoke(waited -> {
                            span.setAttribute(BUDGET_WAIT_MS, waited.toMillis());
                            if (!waited.isZero()) {
                                usage.recordBudgetWait(name, endpoint, subject, waited);
                            }
                        })
                        .replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
        return permit.chain(() -> Uni.createFrom().<T> deferred(call::get)
                .ifNoItem().after(config.timeout()).failWith(() -> new UpstreamUnavailableException(name, 0, "Timeout",
                        "no answer within " + config.timeout().toMillis() + " ms", null, null))
                .onItem().invoke(() -> usage.record(name, endpoint, subject, UpstreamUsage.Outcome.CALL))
                .onFailure().transform(f -> recordFailure(endpoint, subject, errors.classify(name, f, clock)))
                .onFailure(UpstreamRateLimitedException.class).call(f -> coolDown(budget, (UpstreamRateLimitedException) f))
                .onFailure(UpstreamRateLimitedException.class)
                .transform(f -> withinRetryBudget((UpstreamRateLimitedException) f, started)))
                .onItemOrFailure().invoke((item, failure) -> {
                    span.setAttribute(OUTCOME, outcome(failure));
                    if (failure instanceof UpstreamException upstream && upstream.status() > 0) {
                        span.setAttribute(STATUS, upstream.status());
                    }
                });
    }

    /** The span attribute {@code upstream.outcome}: what became of a call or an attempt, in the metrics' words. */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        if (failure instanceof CircuitBreakerOpenException || failure instanceof UpstreamUnavailableException
                && failure.getCause() instanceof CircuitBreakerOpenException) {
            return "breaker_open";
        }
        if (failure instanceof UpstreamRateLimitedException limited) {
            return limited.isLocal() ? "budget_refused" : "throttled";
        }
        if (failure instanceof BudgetWaitExceededException || failure instanceof SubjectQuotaExceededException) {
            return "budget_refused";
        }
        if (failure instanceof UpstreamUnavailableException) {
            return "unavailable";
        }
        return failure instanceof UpstreamException ? "rejected" : "error";
    }

    private Throwable recordFailure(String endpoint, String subject, Throwable failure) {
        if (failure instanceof UpstreamRateLimitedException limited && limited.isLocal()) {
            return failure; // never reached the upstream
        }
        if (failure instanceof UpstreamRateLimitedException limited) {
            usage.recordLimitHit(name, endpoint, subject, limited.retryAfter().orElse(null));
        } else if (failure instanceof UpstreamException) {
            usage.record(name, endpoint, subject, UpstreamUsage.Outcome.FAILED);
        }
        return failure;
    }

    /** A 429 from the upstream holds off every replica that shares the budget. */
    private Uni<Void> coolDown(Optional<String> budget, UpstreamRateLimitedException e) {
        if (e.isLocal() || budget.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Duration cooldown = e.retryAfter().orElse(config.defaultCooldown());
        return budgets.coolDown(budget.get(), cooldown)
                .onFailure().recoverWithItem(dbError -> {
                    LOG.warnf("could not record the %s cooldown: %s", name, dbError.getMessage());
                    return null;
                });
    }

    /** A Retry-After longer than what is left of the retry budget ends the retry now, with a clear error. */
    private Throwable withinRetryBudget(UpstreamRateLimitedException e, long started) {
        if (e.isLocal() || e.retryAfter().isEmpty()) {
            return e;
        }
        Duration remaining = config.retry().maxDuration().minusNanos(System.nanoTime() - started);
        return e.retryAfter().get().compareTo(remaining) > 0 ? new RetryBudgetExceededException(e, remaining) : e;
    }

    static boolean isRetryable(Throwable e) {
        if (e instanceof UpstreamRateLimitedException limited) {
            return !limited.isLocal();
        }
        return e instanceof UpstreamException u && u.isTransient();
    }

    /** Only an upstream that is down counts against the breaker: a 429 or a rejected request proves it is up. */
    static boolean isBreakerFailure(Throwable e) {
        return e instanceof UpstreamUnavailableException;
    }

    private void onStateChange(CircuitBreakerState newState) {
        CircuitBreakerState old = state.getAndSet(newState);
        if (newState == CircuitBreakerState.OPEN) {
            openedAtNanos = System.nanoTime();
        }
        events.transition(name, old, newState);
    }

    private Duration remainingOpen() {
        Duration left = config.breaker().delay().minusNanos(System.nanoTime() - openedAtNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
