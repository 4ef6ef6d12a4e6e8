package io.suite.catalog.service;

import static io.suite.catalog.repository.ProductRepository.LEASES;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

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
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.repository.ProductRepository;
import io.suite.catalog.repository.ProductRepository.RefreshTarget;
import io.suite.catalog.repository.RefreshJobRepository;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.lease.Lease;
import io.suite.resilience.lease.Leases;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import io.vertx.mutiny.sqlclient.Pool;
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
    private final Leases leases;
    private final ProductRepository products;
    private final MarketplaceRepository marketplaces;
    private final RefreshJobRepository jobs;
    private final CatalogConfig config;
    private final CatalogMetrics metrics;
    private final Clock clock;
    private final Pool pool;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Where the next claim starts among the due marketplaces (see {@link #rotated}). */
    private final AtomicInteger claimTurn = new AtomicInteger();

    public RefreshService(ProductSource source, Stores stores, Leases leases, ProductRepository products, MarketplaceRepository marketplaces,
            RefreshJobRepository jobs, CatalogConfig config, CatalogMetrics metrics, Clock clock, Pool pool) {
        this.source = source;
        this.stores = stores;
        this.leases = leases;
        this.products = products;
        this.marketplaces = marketplaces;
        this.jobs = jobs;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.pool = pool;
    }

    /** Counts of one run. */
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

    public boolean isRunning() {
        return running.get();
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
     * (the most overdue first, the starting marketplace in turn): one GetItems call carries one marketplace, so claiming across marketplaces would split
     * ten ASINs over several calls.
     */
    private Uni<Void> workerLoop(UUID runId, String owner, Tally tally) {
        if (tally.calls.get() >= config.refresh().maxCallsPerRun()) {
            return Uni.createFrom().voidItem();
        }
        return products.dueMarketplaces().chain(due -> claimFrom(rotated(due), 0, owner))
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
        return leases.claimWhere(LEASES, "marketplace_id", due.get(i), owner, config.refresh().batchSize(), config.refresh().lease())
                .chain(claimed -> claimed.isEmpty() ? claimFrom(due, i + 1, owner) : Uni.createFrom().item(claimed));
    }

    private Uni<Void> refreshBatch(UUID runId, String owner, List<Lease> claimed, Tally tally) {
        Map<UUID, Lease> byId = new LinkedHashMap<>();
        claimed.forEach(l -> byId.put((UUID) l.id(), l));
        return products.refreshTargets(new ArrayList<>(byId.keySet()))
                .chain(targets -> marketplaces.all().chain(mps -> {
                    Map<String, List<RefreshTarget>> byMarketplace = new LinkedHashMap<>();
                    targets.forEach(t -> byMarketplace.computeIfAbsent(t.marketplace(), k -> new ArrayList<>()).add(t));
                    return Multi.createFrom().iterable(byMarketplace.entrySet())
                            .onItem().transformToUniAndConcatenate(e -> refreshGroup(runId, owner, mps.get(e.getKey()),
                                    e.getValue(), byId, tally))
                            .collect().last().replaceWithVoid();
                }));
    }

    private Uni<Void> refreshGroup(UUID runId, String owner, Marketplace mp, List<RefreshTarget> targets,
            Map<UUID, Lease> leasesById, Tally tally) {
        Instant started = clock.instant();
        List<String> asins = targets.stream().map(RefreshTarget::asin).toList();
        Store store = stores.forMarketplace(mp.code()).orElse(null);
        if (store == null) {
            // never sent upstream with another store's tag: it waits for its store to be configured
            return skipAll(runId, owner, targets, leasesById, started, "NoStore", mp.code()
                    + " has no configured store (catalog.stores.<id>.partner-tags): refresh skipped, last stored data kept",
                    0, Duration.ZERO, tally);
        }
        if (source.breakerState() == CircuitBreakerState.OPEN) {
            return skipAll(runId, owner, targets, leasesById, started, "CircuitBreakerOpen",
                    "circuit breaker of upstream " + source.name() + " is open: refresh skipped, last stored data kept", 0,
                    Duration.ZERO, tally);
        }
        CallStats stats = new CallStats();
        tally.calls.incrementAndGet();
        return source.getItems(store, mp, asins, stats)
                .onItemOrFailure().transformToUni((result, failure) -> {
                    if (failure == null) {
                        return applyResult(runId, owner, mp, targets, leasesById, result, stats, started, tally);
                    }
                    if (failure instanceof UpstreamUnavailableException u && u.isBreakerOpen()) {
                        return skipAll(runId, owner, targets, leasesById, started, "CircuitBreakerOpen",
                                "circuit breaker of upstream " + source.name() + " is open: refresh skipped, last stored data kept",
                                stats.retries(), Duration.ZERO, tally);
                    }
                    if (failure instanceof UpstreamRateLimitedException limited && budgetClosed(limited)) {
                        Duration hold = limited.retryAfter().orElse(Duration.ZERO);
                        String why = limited instanceof BudgetWaitExceededException ? "its request budget is closed"
                                : "the upstream said its daily request quota is exhausted";
                        return skipAll(runId, owner, targets, leasesById, started, limited.code().orElse("QuotaExhausted"),
                                "store " + store.id() + ": " + why + " until " + clock.instant().plus(hold).truncatedTo(ChronoUnit.SECONDS)
                                        + "; refresh skipped, last stored data kept", stats.retries(), hold, tally);
                    }
                    if (!(failure instanceof UpstreamException)) {
                        LOG.errorf(failure, "refresh of %s failed unexpectedly", asins);
                    }
                    String code = failure instanceof UpstreamException u ? u.code().orElse(u.getClass().getSimpleName())
                            : failure.getClass().getSimpleName();
                    return failAll(runId, owner, targets, leasesById, started, RefreshStatus.FAILED, code,
                            failure.getMessage(), stats.retries(), Duration.ZERO, tally);
                });
    }

    /**
     * The store's budget will not open within a call's wait: its daily quota is spent (the budget is closed until the
     * reset, for every replica) or a cooldown runs longer than the guard may wait. Trying again every hour cannot help.
     */
    private static boolean budgetClosed(UpstreamRateLimitedException e) {
        return DAILY_QUOTA.equals(e.code().orElse(null)) || e instanceof BudgetWaitExceededException;
    }

    private Uni<Void> applyResult(UUID runId, String owner, Marketplace mp, List<RefreshTarget> targets,
            Map<UUID, Lease> leasesById, FetchResult result, CallStats stats, Instant started, Tally tally) {
        Instant now = clock.instant();
        String breaker = breakerName(source.breakerState());
        return Multi.createFrom().iterable(targets).onItem().transformToUniAndConcatenate(t -> {
            Lease lease = leasesById.get(t.id());
            Instant next = RollingSchedule.nextDue(now, t.slot(), config.refresh().interval());
            ProductData data = result.items().get(t.asin());
            ItemError error = result.errors().get(t.asin());
            if (data == null && error != null && !error.notFound()) {
                // the upstream refused this one item for another reason: try it again later
                return record(runId, owner, t, lease, started, RefreshStatus.FAILED, error.code(), error.message(),
                        stats.retries(), breaker, null, now.plus(config.refresh().retryDelay()), tally);
            }
            String newStatus = data == null ? ProductStatus.UNAVAILABLE.db()
                    : (data.offered() ? ProductStatus.ACTIVE : ProductStatus.UNAVAILABLE).db();
            BigDecimal newPrice = data == null ? null : data.currentPrice();
            String errorCode = data != null ? null : error == null ? "ItemNotAccessible" : error.code();
            String errorMessage = data != null || error == null ? null : error.message();
            RefreshJob job = new RefreshJob(null, t.id(), runId, owner, lease.dueAt(), started, now, RefreshStatus.SUCCESS.db(),
                    stats.retries(), errorCode, errorMessage, breaker, t.currentPrice(), newPrice, null);
            Uni<Boolean> written = data != null ? writeItem(lease, data, newStatus, now, next, job)
                    // no longer offered: keep the last known data and last_available_at
                    : completeAndRecord(lease, "status = $3, last_refresh_at = $4, next_refresh_at = $5, updated_at = $4", job,
                            newStatus, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
            return written.invoke(ok -> {
                if (!ok) {
                    tally.leaseLost.incrementAndGet();
                    LOG.warnf("lease on %s (%s) was lost before write-back; its new owner records it", t.asin(), mp.code());
                    return;
                }
                logChanges(t, mp, newStatus, newPrice);
                tally.success.incrementAndGet();
                metrics.refreshed("success", 1);
            }).replaceWithVoid();
        }).collect().last().replaceWithVoid();
    }

    /**
     * The lease's write-back and the product's refresh_jobs row in one transaction: a crash between two separate
     * statements would leave a refreshed product without its history row (seen in deploy/fault-tests' kill scenario).
     */
    private Uni<Boolean> completeAndRecord(Lease lease, String assignments, RefreshJob job, Object... values) {
        return pool.withTransaction(tx -> leases.complete(tx, LEASES, lease.id(), lease.version(), assignments, values)
                .chain(held -> held ? jobs.insert(tx, List.of(job)).replaceWith(true) : Uni.createFrom().item(false)));
    }

    private Uni<Boolean> writeItem(Lease lease, ProductData d, String status, Instant now, Instant next, RefreshJob job) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        String common = "title = coalesce($3, title), description = $4, brand = $5, manufacturer = $6, images = $7::text::jsonb,"
                + " detail_page_url = $8, currency = coalesce($9, currency), availability_type = $10, availability_message = $11,"
                + " customer_review_count = $12::integer, star_rating = $13::numeric, parent_asin = $14,"
                + " raw_paapi_response = $15::text::jsonb, raw_source = $16, status = $17, last_refresh_at = $18,"
                + " next_refresh_at = $19, updated_at = $18";
        List<Object> values = new ArrayList<>(List.of());
        values.add(d.title());
        values.add(d.description());
        values.add(d.brand());
        values.add(d.manufacturer());
        values.add(d.images() == null ? null : io.vertx.core.json.Json.encode(d.images()));
        values.add(d.detailPageUrl());
        values.add(d.currency());
        values.add(d.availabilityType());
        values.add(d.availabilityMessage());
        values.add(d.customerReviewCount());
        values.add(d.starRating());
        values.add(d.parentAsin());
        values.add(d.raw());
        values.add(d.source());
        values.add(status);
        values.add(at);
        values.add(OffsetDateTime.ofInstant(next, ZoneOffset.UTC));
        String assignments = common;
        if (d.offered()) {
            assignments += ", current_price = $20::numeric, original_price = $21::numeric, savings_amount = $22::numeric,"
                    + " savings_percentage = $23::numeric, last_available_at = $18";
            values.add(d.currentPrice());
            values.add(d.originalPrice());
            values.add(d.savingsAmount());
            values.add(d.savingsPercentage());
        }
        return completeAndRecord(lease, assignments, job, values.toArray());
    }

    private void logChanges(RefreshTarget t, Marketplace mp, String newStatus, BigDecimal newPrice) {
        if (newPrice != null && t.currentPrice() != null && newPrice.compareTo(t.currentPrice()) != 0) {
            metrics.priceChanged();
            LOG.infof("price of %s (%s) changed: %s -> %s %s", t.asin(), mp.code(), t.currentPrice(), newPrice, t.currency());
        }
        if (!newStatus.equals(t.status())) {
            metrics.statusChanged(newStatus);
            LOG.infof("status of %s (%s) changed: %s -> %s", t.asin(), mp.code(), t.status(), newStatus);
        }
    }

    private Uni<Void> skipAll(UUID runId, String owner, List<RefreshTarget> targets, Map<UUID, Lease> leasesById,
            Instant started, String code, String reason, int retries, Duration hold, Tally tally) {
        LOG.infof("refresh of %d products skipped: %s", targets.size(), reason);
        return failAll(runId, owner, targets, leasesById, started, RefreshStatus.SKIPPED, code, reason, retries, hold, tally);
    }

    /** Records the targets as not refreshed; they are tried again after the retry delay, or after {@code hold} if longer. */
    private Uni<Void> failAll(UUID runId, String owner, List<RefreshTarget> targets, Map<UUID, Lease> leasesById,
            Instant started, RefreshStatus status, String code, String message, int retries, Duration hold, Tally tally) {
        Instant now = clock.instant();
        Duration wait = hold.compareTo(config.refresh().retryDelay()) > 0 ? hold : config.refresh().retryDelay();
        String breaker = breakerName(source.breakerState());
        if (status == RefreshStatus.FAILED) {
            LOG.warnf("refresh of %d products failed: %s", targets.size(), message);
        }
        return Multi.createFrom().iterable(targets)
                .onItem().transformToUniAndConcatenate(t -> record(runId, owner, t, leasesById.get(t.id()), started, status,
                        code, message, retries, breaker, null, now.plus(wait), tally))
                .collect().last().replaceWithVoid();
    }

    /** Writes back a product that was not refreshed (failed or skipped): only its next attempt moves. */
    private Uni<Void> record(UUID runId, String owner, RefreshTarget t, Lease lease, Instant started, RefreshStatus status,
            String code, String message, int retries, String breaker, BigDecimal newPrice, Instant next, Tally tally) {
        RefreshJob job = new RefreshJob(null, t.id(), runId, owner, lease.dueAt(), started, clock.instant(), status.db(), retries,
                code, message, breaker, t.currentPrice(), newPrice, null);
        return completeAndRecord(lease, "next_refresh_at = $3", job, OffsetDateTime.ofInstant(next, ZoneOffset.UTC))
                .invoke(ok -> {
                    if (!ok) {
                        tally.leaseLost.incrementAndGet();
                        return;
                    }
                    (status == RefreshStatus.SKIPPED ? tally.skipped : tally.failed).incrementAndGet();
                    metrics.refreshed(status.db(), 1);
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
