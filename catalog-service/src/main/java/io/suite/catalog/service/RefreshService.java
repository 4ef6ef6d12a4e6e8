package io.suite.catalog.service;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.ItemError;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductData;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.RefreshJob;
import io.suite.catalog.domain.RefreshStatus;
import io.suite.catalog.domain.RollingSchedule;
import io.suite.catalog.domain.Store;
import io.suite.catalog.metrics.CatalogMetrics;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.repository.ProductRefreshRepository;
import io.suite.catalog.repository.ProductRefreshRepository.RefreshTarget;
import io.suite.catalog.repository.ProductRepository;
import io.suite.catalog.repository.RefreshJobRepository;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.lease.Lease;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.paging.Page;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.tracing.Traces;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One refresh run: claims due products with leases (replicas never take the same product), fetches them ten ASINs
 * per call through the guarded source, writes each product back only if its lease still holds, and records a
 * refresh_jobs row per product. While the breaker is open, due products are recorded as skipped and keep their data.
 */
@ApplicationScoped
public class RefreshService {

    private static final Logger LOG = Logger.getLogger(RefreshService.class);
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private static final String DAILY_QUOTA = "DailyQuotaExhausted";

    private final ProductSource source;
    private final Stores stores;
    private final ProductRefreshRepository refreshes;
    private final ProductRepository products;
    private final MarketplaceRepository marketplaces;
    private final RefreshJobRepository jobs;
    private final CatalogConfig config;
    private final CatalogMetrics metrics;
    private final Clock clock;
    private final Traces traces;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Where the next claim starts among the due marketplaces (see {@link #rotated}). */
    private final AtomicInteger claimTurn = new AtomicInteger();

    public RefreshService(ProductSource source, Stores stores, ProductRefreshRepository refreshes, ProductRepository products,
            MarketplaceRepository marketplaces, RefreshJobRepository jobs, CatalogConfig config, CatalogMetrics metrics,
            Clock clock, Traces traces) {
        this.source = source;
        this.stores = stores;
        this.refreshes = refreshes;
        this.products = products;
        this.marketplaces = marketplaces;
        this.jobs = jobs;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.traces = traces;
    }

    /** Counts of one run. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunSummary(UUID runId, String trigger, int calls, int success, int failed, int skipped, int leaseLost,
            Instant startedAt, Instant completedAt) {
    }

    private static final class Tally {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger success = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger leaseLost = new AtomicInteger();
    }

    /** Refresh jobs, newest first, a page of {@code limit} after the previous page's cursor (null: the first page). */
    public Uni<Page<RefreshJob>> jobs(UUID productId, RefreshStatus status, UUID runId, String nextToken, int limit) {
        Cursors.ByCreated after = CursorCodec.decode(nextToken, Cursors.ByCreated.class);
        return jobs.list(productId, status, runId, after == null ? null : after.created(), after == null ? null : after.id(),
                Page.fetchSize(limit)).map(rows -> Page.of(rows, limit, last -> Cursors.ByCreated.of(last.createdAt(), last.id())));
    }

    /** An operator's run; {@code productId}, when given, is made due first (e.g. after a known price change). */
    public Uni<RunSummary> runManually(UUID productId) {
        if (productId == null) {
            return runOnce("manual");
        }
        return products.makeDue(productId).chain(found -> {
            if (!found) {
                throw ProblemException.notFound("product", productId);
            }
            return runOnce("manual");
        });
    }

    /** Refreshes every due product (up to {@code max-calls-per-run} upstream calls); one run at a time per instance. */
    public Uni<RunSummary> runOnce(String trigger) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(ProblemException.conflict("a refresh run is already in progress on this instance"));
        }
        UUID runId = UUID.randomUUID();
        String owner = INSTANCE + "/" + runId;
        Instant started = clock.instant();
        Tally tally = new Tally();
        String correlation = CorrelationId.current().orElse("refresh-" + runId);
        CorrelationId.bind(correlation);
        LOG.infof("refresh run %s started (%s, source %s)", runId, trigger, source.name());
        int workers = Math.max(1, config.refresh().concurrency());
        return Multi.createFrom().range(0, workers)
                .onItem().transformToUniAndMerge(i -> workerLoop(runId, owner, tally))
                .collect().last()
                .map(x -> new RunSummary(runId, trigger, tally.calls.get(), tally.success.get(), tally.failed.get(),
                        tally.skipped.get(), tally.leaseLost.get(), started, clock.instant()))
                .invoke(s -> LOG.infof("refresh run %s done: %d calls, %d success, %d failed, %d skipped, %d lease lost",
                        runId, s.calls(), s.success(), s.failed(), s.skipped(), s.leaseLost()))
                .onTermination().invoke(() -> running.set(false));
    }

    /**
     * Claims and refreshes batches until nothing is due or the run's call budget is spent. A batch is one marketplace's
     * (the most overdue first, the starting marketplace in turn): one GetItems call carries one marketplace, so claiming across
     * marketplaces would split
     * ten ASINs over several calls.
     */
    private Uni<Void> workerLoop(UUID runId, String owner, Tally tally) {
        if (tally.calls.get() >= config.refresh().maxCallsPerRun()) {
            return Uni.createFrom().voidItem();
        }
        return refreshes.dueMarketplaces().chain(due -> claimFrom(rotated(due), 0, owner))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(false)
                        : refreshBatch(runId, owner, claimed, tally).replaceWith(true))
                .chain(more -> more ? workerLoop(runId, owner, tally) : Uni.createFrom().voidItem());
    }

    /**
     * The due marketplaces starting at the next one in turn: each store has its own budget, so concurrent workers that
     * all took the most overdue marketplace would queue on one store's budget while the others' stood idle.
     */
    private List<UUID> rotated(List<UUID> due) {
        return startingAt(due, claimTurn.getAndIncrement());
    }

    static <T> List<T> startingAt(List<T> due, int turn) {
        if (due.size() < 2) {
            return due;
        }
        List<T> order = new ArrayList<>(due);
        Collections.rotate(order, -Math.floorMod(turn, due.size()));
        return order;
    }

    /** A batch of the first marketplace in {@code due} that still has unclaimed due products (replicas claim too). */
    private Uni<List<Lease>> claimFrom(List<UUID> due, int i, String owner) {
        if (i >= due.size()) {
            return Uni.createFrom().item(List.of());
        }
        return refreshes.claim(due.get(i), owner, config.refresh().batchSize(), config.refresh().lease())
                .chain(claimed -> claimed.isEmpty() ? claimFrom(due, i + 1, owner) : Uni.createFrom().item(claimed));
    }

    /** A span per batch: the GetItems calls and statements of one claim, under the run's trace. */
    private Uni<Void> refreshBatch(UUID runId, String owner, List<Lease> claimed, Tally tally) {
        return traces.inSpan("catalog refresh batch", span -> {
            span.setAttribute("catalog.run_id", runId.toString());
            span.setAttribute("catalog.products", claimed.size());
            return refreshClaimed(runId, owner, claimed, tally);
        });
    }

    private Uni<Void> refreshClaimed(UUID runId, String owner, List<Lease> claimed, Tally tally) {
        Map<UUID, Lease> byId = new LinkedHashMap<>();
        claimed.forEach(l -> byId.put((UUID) l.id(), l));
        return refreshes.targets(new ArrayList<>(byId.keySet()))
                .chain(targets -> marketplaces.all().chain(mps -> {
                    Map<String, List<RefreshTarget>> byMarketplace = new LinkedHashMap<>();
                    targets.forEach(t -> byMarketplace.computeIfAbsent(t.marketplace(), k -> new ArrayList<>()).add(t));
                    return Multi.createFrom().iterable(byMarketplace.entrySet())
                            .onItem().transformToUniAndConcatenate(e -> refreshGroup(mps.get(e.getKey()), e.getValue(),
                                    runId, owner, byId, tally))
                            .collect().last().replaceWithVoid();
                }));
    }

    /** One upstream call's products: their run and worker, when the call started, their leases and the run's tally. */
    private record Group(UUID runId, String owner, Instant started, Map<UUID, Lease> leases, Tally tally) {

        Lease lease(RefreshTarget t) {
            return leases.get(t.id());
        }

        RefreshJob.Attempt attempt(RefreshTarget t, Instant completed) {
            return new RefreshJob.Attempt(runId, owner, lease(t).dueAt(), started, completed);
        }
    }

    private Uni<Void> refreshGroup(Marketplace mp, List<RefreshTarget> targets, UUID runId, String owner,
            Map<UUID, Lease> leasesById, Tally tally) {
        Group g = new Group(runId, owner, clock.instant(), leasesById, tally);
        List<String> asins = targets.stream().map(RefreshTarget::asin).toList();
        Store store = stores.forMarketplace(mp.code()).orElse(null);
        if (store == null) {
            // never sent upstream with another store's tag: it waits for its store to be configured
            return skipAll(targets, g, "NoStore", mp.code()
                    + " has no configured store (catalog.stores.<id>.partner-tags): refresh skipped, last stored data kept",
                    0, Duration.ZERO);
        }
        if (source.breakerState() == CircuitBreakerState.OPEN) {
            return skipAll(targets, g, "CircuitBreakerOpen",
                    "circuit breaker of upstream " + source.name() + " is open: refresh skipped, last stored data kept", 0,
                    Duration.ZERO);
        }
        CallStats stats = new CallStats();
        g.tally().calls.incrementAndGet();
        return source.getItems(store, mp, asins, stats)
                .onItemOrFailure().transformToUni((result, failure) -> {
                    if (failure == null) {
                        return applyResult(mp, targets, g, result, stats);
                    }
                    if (failure instanceof UpstreamUnavailableException u && u.isBreakerOpen()) {
                        return skipAll(targets, g, "CircuitBreakerOpen",
                                "circuit breaker of upstream " + source.name() + " is open: refresh skipped, last stored data kept",
                                stats.retries(), Duration.ZERO);
                    }
                    if (failure instanceof UpstreamRateLimitedException limited && budgetClosed(limited)) {
                        Duration hold = limited.retryAfter().orElse(Duration.ZERO);
                        String why = limited instanceof BudgetWaitExceededException ? "its request budget is closed"
                                : "the upstream said its daily request quota is exhausted";
                        return skipAll(targets, g, limited.code().orElse("QuotaExhausted"),
                                "store " + store.id() + ": " + why + " until " + clock.instant().plus(hold).truncatedTo(ChronoUnit.SECONDS)
                                        + "; refresh skipped, last stored data kept",
                                stats.retries(), hold);
                    }
                    if (!(failure instanceof UpstreamException)) {
                        LOG.errorf(failure, "refresh of %s failed unexpectedly", asins);
                    }
                    String code = failure instanceof UpstreamException u ? u.code().orElse(u.getClass().getSimpleName())
                            : failure.getClass().getSimpleName();
                    return failAll(targets, g, RefreshStatus.FAILED, code, failure.getMessage(), stats.retries(), Duration.ZERO);
                });
    }

    /**
     * The store's budget will not open within a call's wait: its daily quota is spent (the budget is closed until the
     * reset, for every replica) or a cooldown runs longer than the guard may wait. Trying again every hour cannot help.
     */
    private static boolean budgetClosed(UpstreamRateLimitedException e) {
        return DAILY_QUOTA.equals(e.code().orElse(null)) || e instanceof BudgetWaitExceededException;
    }

    private Uni<Void> applyResult(Marketplace mp, List<RefreshTarget> targets, Group g, FetchResult result, CallStats stats) {
        Instant now = clock.instant();
        String breaker = breakerName(source.breakerState());
        return Multi.createFrom().iterable(targets).onItem().transformToUniAndConcatenate(t -> {
            Lease lease = g.lease(t);
            Instant next = RollingSchedule.nextDue(now, t.slot(), config.refresh().interval());
            ProductData data = result.items().get(t.asin());
            ItemError error = result.errors().get(t.asin());
            if (data == null && error != null && !error.notFound()) {
                // the upstream refused this one item for another reason: try it again later
                return record(t, g, new RefreshJob.Outcome(RefreshStatus.FAILED, stats.retries(), error.code(), error.message(),
                        breaker), now.plus(config.refresh().retryDelay()));
            }
            ProductStatus newStatus = ProductStatus.of(data);
            BigDecimal newPrice = data == null ? null : data.currentPrice();
            String errorCode = data != null ? null : error == null ? "ItemNotAccessible" : error.code();
            String errorMessage = data != null || error == null ? null : error.message();
            RefreshJob job = RefreshJob.of(t.id(), g.attempt(t, now),
                    new RefreshJob.Outcome(RefreshStatus.SUCCESS, stats.retries(), errorCode, errorMessage, breaker),
                    t.currentPrice(), newPrice);
            Uni<Boolean> written = data != null ? refreshes.refreshed(lease, data, now, next, job)
                    : refreshes.unavailable(lease, now, next, job);
            return written.invoke(ok -> {
                if (!ok) {
                    g.tally().leaseLost.incrementAndGet();
                    LOG.warnf("lease on %s (%s) was lost before write-back; its new owner records it", t.asin(), mp.code());
                    return;
                }
                logChanges(t, mp, newStatus, newPrice);
                g.tally().success.incrementAndGet();
                metrics.refreshed("success", 1);
            }).replaceWithVoid();
        }).collect().last().replaceWithVoid();
    }

    private void logChanges(RefreshTarget t, Marketplace mp, ProductStatus newStatus, BigDecimal newPrice) {
        if (newPrice != null && t.currentPrice() != null && newPrice.compareTo(t.currentPrice()) != 0) {
            metrics.priceChanged();
            LOG.infof("price of %s (%s) changed: %s -> %s %s", t.asin(), mp.code(), t.currentPrice(), newPrice, t.currency());
        }
        if (newStatus != t.status()) {
            metrics.statusChanged(newStatus.db());
            LOG.infof("status of %s (%s) changed: %s -> %s", t.asin(), mp.code(), t.status().db(), newStatus.db());
        }
    }

    private Uni<Void> skipAll(List<RefreshTarget> targets, Group g, String code, String reason, int retries, Duration hold) {
        LOG.infof("refresh of %d products skipped: %s", targets.size(), reason);
        return failAll(targets, g, RefreshStatus.SKIPPED, code, reason, retries, hold);
    }

    /** Records the targets as not refreshed; they are tried again after the retry delay, or after {@code hold} if longer. */
    private Uni<Void> failAll(List<RefreshTarget> targets, Group g, RefreshStatus status, String code, String message,
            int retries, Duration hold) {
        Instant now = clock.instant();
        Duration wait = hold.compareTo(config.refresh().retryDelay()) > 0 ? hold : config.refresh().retryDelay();
        RefreshJob.Outcome outcome = new RefreshJob.Outcome(status, retries, code, message, breakerName(source.breakerState()));
        if (status == RefreshStatus.FAILED) {
            LOG.warnf("refresh of %d products failed: %s", targets.size(), message);
        }
        return Multi.createFrom().iterable(targets)
                .onItem().transformToUniAndConcatenate(t -> record(t, g, outcome, now.plus(wait)))
                .collect().last().replaceWithVoid();
    }

    /** Writes back a product that was not refreshed (failed or skipped): only its next attempt moves. */
    private Uni<Void> record(RefreshTarget t, Group g, RefreshJob.Outcome outcome, Instant next) {
        RefreshJob job = RefreshJob.of(t.id(), g.attempt(t, clock.instant()), outcome, t.currentPrice(), null);
        return refreshes.notRefreshed(g.lease(t), next, job)
                .invoke(ok -> {
                    if (!ok) {
                        g.tally().leaseLost.incrementAndGet();
                        return;
                    }
                    (outcome.status() == RefreshStatus.SKIPPED ? g.tally().skipped : g.tally().failed).incrementAndGet();
                    metrics.refreshed(outcome.status().db(), 1);
                }).replaceWithVoid();
    }

    static String breakerName(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half-open";
        };
    }
}
