package io.suite.catalog.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.PricePoint;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.StoredProduct;
import io.suite.catalog.repository.PriceHistoryRepository;
import io.suite.catalog.repository.ProductRepository;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads of stored products and their price history, as the public API serves them (never the upstream). */
@ApplicationScoped
public class ProductQueryService {

    private final ProductRepository products;
    private final PriceHistoryRepository prices;

    public ProductQueryService(ProductRepository products, PriceHistoryRepository prices) {
        this.products = products;
        this.prices = prices;
    }

    /** A product with the upstream's item object as it was stored (null when there is none). */
    public record ProductWithRaw(StoredProduct product, String raw) {
    }

    /** Newest first; {@code after} is the (created_at, id) of the last row of the previous page. */
    public Uni<List<StoredProduct>> list(ProductStatus status, String marketplace, Instant afterCreated, UUID afterId, int limit) {
        return products.list(status, marketplace, afterCreated, afterId, limit);
    }

    /** The product and its raw payload; 404 when it does not exist. */
    public Uni<ProductWithRaw> get(UUID id) {
        return products.findById(id).chain(p -> {
            StoredProduct product = p.orElseThrow(() -> ProblemException.notFound("product", id));
            return products.rawPayload(id).map(raw -> new ProductWithRaw(product, raw.orElse(null)));
        });
    }

    /** Newest first; {@code beforeId} is the id of the last entry of the previous page; 404 for an unknown product. */
    public Uni<List<PricePoint>> priceHistory(UUID id, Long beforeId, int limit) {
        return products.exists(id).chain(exists -> {
            if (!exists) {
                throw ProblemException.notFound("product", id);
            }
            return prices.list(id, beforeId, limit);
        });
    }
}
