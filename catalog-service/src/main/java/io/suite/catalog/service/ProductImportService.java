package io.suite.catalog.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.CatalogConfig;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.ItemError;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.MarketplaceAliases;
import io.suite.catalog.domain.ProductData;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.domain.RollingSchedule;
import io.suite.catalog.domain.Store;
import io.suite.catalog.metrics.CatalogMetrics;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.repository.ProductRepository;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.SubjectQuotaExceededException;
import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

/** Imports products from the configured source: one ASIN, or a batch of up to 100 in calls of 10. */
@ApplicationScoped
public class ProductImportService {

    private static final Logger LOG = Logger.getLogger(ProductImportService.class);
    public static final int CALL_SIZE = 10;

    private final ProductSource source;
    private final Stores stores;
    private final MarketplaceRepository marketplaces;
    private final ProductRepository products;
    private final CatalogConfig config;
    private final CatalogMetrics metrics;
    private final Clock clock;

    public ProductImportService(ProductSource source, Stores stores, MarketplaceRepository marketplaces,
            ProductRepository products, CatalogConfig config, CatalogMetrics metrics, Clock clock) {
        this.source = source;
        this.stores = stores;
        this.marketplaces = marketplaces;
        this.products = products;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public record Imported(UUID id, String asin, String marketplace, boolean created, String status,
            List<String> importedFields, List<String> missingFields) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BatchItem(String asin, String outcome, UUID id, String status, String errorCode, String errorMessage) {
    }

    public Uni<Imported> importOne(String asin, String marketplaceCode) {
        return marketplace(marketplaceCode).chain(mp -> source.getItems(storeOf(mp), mp, List.of(asin), new CallStats())
                .onFailure(UpstreamUnavailableException.class).transform(this::withRetryAfter)
                .onFailure(UpstreamException.class).invoke(e -> metrics.imported("failed"))
                .chain(result -> {
                    ProductData data = result.items().get(asin);
                    if (data == null) {
                        metrics.imported("not_found");
                        throw notFoundUpstream(asin, mp, result.errors().get(asin));
                    }
                    return store(data, mp);
                }));
    }

    /** Imports up to {@code catalog.imports.batch-max} ASINs, ten per upstream call; each ASIN gets its own outcome. */
    public Uni<List<BatchItem>> importBatch(List<String> asins, String marketplaceCode) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(asins));
        if (unique.size() > config.imports().batchMax()) {
            throw ProblemException.invalidField("asins", "at most " + config.imports().batchMax() + " ASINs per batch");
        }
        List<List<String>> calls = new ArrayList<>();
        for (int i = 0; i < unique.size(); i += CALL_SIZE) {
            calls.add(unique.subList(i, Math.min(unique.size(), i + CALL_SIZE)));
        }
        return marketplace(marketplaceCode).chain(mp -> Multi.createFrom().iterable(calls)
                .onItem().transformToUniAndConcatenate(chunk -> importChunk(chunk, storeOf(mp), mp))
                .collect().asList()
                .map(lists -> {
                    List<BatchItem> all = new ArrayList<>();
                    lists.forEach(all::addAll);
                    boolean nothingReached = all.stream().allMatch(b -> "failed".equals(b.outcome()))
                            && all.stream().anyMatch(b -> "upstream-unavailable".equals(b.errorCode()));
                    if (nothingReached) {
                        // no chunk got through: the client should come back later, as with a single import
                        throw withRetryAfter(new UpstreamUnavailableException(source.name(), 0, "Unavailable",
                                "no part of the batch could be fetched", null, null));
                    }
                    return all;
                }));
    }

    private Uni<List<BatchItem>> importChunk(List<String> chunk, Store store, Marketplace mp) {
        return source.getItems(store, mp, chunk, new CallStats())
                .chain(result -> Multi.createFrom().iterable(chunk)
                        .onItem().transformToUniAndConcatenate(asin -> storeOrReport(asin, result, mp))
                        .collect().asList())
                // over the admin's fair share: the whole batch answers 429 + Retry-After, not a list of failures
                .onFailure(e -> e instanceof UpstreamException && !(e instanceof SubjectQuotaExceededException)).recoverWithItem(e -> {
                    UpstreamException u = (UpstreamException) e;
                    String code = u instanceof UpstreamUnavailableException ? "upstream-unavailable"
                            : u instanceof UpstreamRateLimitedException ? "upstream-rate-limited" : "upstream-error";
                    LOG.warnf("batch import of %s failed: %s", chunk, u.getMessage());
                    List<BatchItem> failed = new ArrayList<>();
                    for (String asin : chunk) {
                        metrics.imported("failed");
                        failed.add(new BatchItem(asin, "failed", null, null, code, u.getMessage()));
                    }
                    return failed;
                });
    }

    private Uni<BatchItem> storeOrReport(String asin, FetchResult result, Marketplace mp) {
        ProductData data = result.items().get(asin);
        if (data == null) {
            metrics.imported("not_found");
            ItemError e = result.errors().get(asin);
            return Uni.createFrom().item(new BatchItem(asin, "not_found", null, null,
                    e == null ? "ItemNotAccessible" : e.code(), e == null ? null : e.message()));
        }
        return store(data, mp).map(i -> new BatchItem(asin, i.created() ? "created" : "updated", i.id(), i.status(), null, null));
    }

    private Uni<Imported> store(ProductData data, Marketplace mp) {
        Instant now = clock.instant();
        int slot = RollingSchedule.slot(data.asin(), mp.code());
        Instant next = RollingSchedule.nextDue(now, slot, config.refresh().interval());
        return products.upsert(data, mp, now, next, slot).map(u -> {
            metrics.imported(u.created() ? "created" : "updated");
            if (!u.created() && u.oldPrice() != null && data.currentPrice() != null
                    && u.oldPrice().compareTo(data.currentPrice()) != 0) {
                metrics.priceChanged();
                LOG.infof("price of %s (%s) changed on import: %s -> %s %s", data.asin(), mp.code(), u.oldPrice(),
                        data.currentPrice(), data.currency());
            }
            LOG.infof("imported %s (%s) from %s: %s, status %s", data.asin(), mp.code(), data.source(),
                    u.created() ? "created" : "updated", u.status());
            return new Imported(u.id(), data.asin(), mp.code(), u.created(), u.status(), data.importedFields(),
                    data.missingFields());
        });
    }

    private Uni<Marketplace> marketplace(String code) {
        String c = code == null || code.isBlank() ? config.defaultMarketplace() : MarketplaceAliases.canonical(code);
        return marketplaces.findByCode(c).map(m -> m.orElseThrow(
                () -> ProblemException.invalidField("marketplace",
                        "is not a known marketplace (e.g. www.amazon.com, or a country code such as US, DE, UK)")));
    }

    /**
     * The store that serves the marketplace; without one the product is refused (never sent upstream with another
     * store's tag, which Amazon refuses or credits to the wrong store).
     */
    private Store storeOf(Marketplace mp) {
        return stores.forMarketplace(mp.code()).orElseThrow(() -> ProblemException.invalidField("marketplace",
                mp.code() + " has no configured store: add its partner tag to a store (catalog.stores.<id>.partner-tags)"));
    }

    private ProblemException notFoundUpstream(String asin, Marketplace mp, ItemError error) {
        String reason = error == null ? "not in the reply"
                : error.code() + (error.message() == null ? "" : ": " + error.message());
        return new ProblemException(404, "not-found", "Not found",
                "ASIN " + asin + " is not available from " + source.name() + " in " + mp.code() + " (" + reason + ")", null);
    }

    /** A 503 always tells the client when to come back. */
    private UpstreamUnavailableException withRetryAfter(Throwable failure) {
        UpstreamUnavailableException e = (UpstreamUnavailableException) failure;
        if (e.retryAfter().isPresent()) {
            return e;
        }
        return new UpstreamUnavailableException(e.upstream(), e.status(), e.code().orElse(null),
                e.upstreamMessage().orElse(null), config.imports().retryAfter(), e);
    }
}
