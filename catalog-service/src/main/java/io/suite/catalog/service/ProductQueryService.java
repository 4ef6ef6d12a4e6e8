package io.suite.catalog.service;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.MarketplaceAliases;
import io.suite.catalog.domain.PricePoint;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.StoredProduct;
import io.suite.catalog.repository.PriceHistoryRepository;
import io.suite.catalog.repository.ProductRepository;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.paging.Page;
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

    /** Newest first, a page of {@code limit}; {@code nextToken} is the previous page's cursor (null: the first page). */
    public Uni<Page<StoredProduct>> list(ProductStatus status, String marketplace, String nextToken, int limit) {
        Cursors.ByCreated after = CursorCodec.decode(nextToken, Cursors.ByCreated.class);
        return products.list(status, MarketplaceAliases.canonical(marketplace), after == null ? null : after.created(),
                after == null ? null : after.id(),
                Page.fetchSize(limit)).map(rows -> Page.of(rows, limit, last -> Cursors.ByCreated.of(last.createdAt(), last.id())));
    }

    /** The product and its raw payload; 404 when it does not exist. */
    public Uni<ProductWithRaw> get(UUID id) {
        return products.findById(id).chain(p -> {
            StoredProduct product = p.orElseThrow(() -> ProblemException.notFound("product", id));
            return products.rawPayload(id).map(raw -> new ProductWithRaw(product, raw.orElse(null)));
        });
    }

    /** Newest first, a page of {@code limit} after the previous page's cursor; 404 for an unknown product. */
    public Uni<Page<PricePoint>> priceHistory(UUID id, String nextToken, int limit) {
        Cursors.ById before = CursorCodec.decode(nextToken, Cursors.ById.class);
        return products.exists(id).chain(exists -> {
            if (!exists) {
                throw ProblemException.notFound("product", id);
            }
            return prices.list(id, before == null ? null : before.i(), Page.fetchSize(limit));
        }).map(rows -> Page.of(rows, limit, last -> new Cursors.ById(last.id())));
    }
}
