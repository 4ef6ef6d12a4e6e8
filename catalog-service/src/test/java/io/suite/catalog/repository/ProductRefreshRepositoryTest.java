package io.suite.catalog.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductData;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.RefreshJob;
import io.suite.catalog.domain.RefreshStatus;
import io.suite.catalog.domain.StoredProduct;
import io.suite.catalog.support.TestData;
import io.suite.resilience.lease.Lease;
import io.suite.resilience.lease.Leases;
import jakarta.inject.Inject;

/**
 * The refresh write-back on the real table: a product is written, with its refresh_jobs row, only under the lease that
 * claimed it last; each statement's values land in their columns (the write-back of a refreshed product sets 23).
 */
@QuarkusTest
class ProductRefreshRepositoryTest {

    @Inject
    ProductRefreshRepository refreshes;
    @Inject
    ProductRepository products;
    @Inject
    MarketplaceRepository marketplaces;
    @Inject
    RefreshJobRepository jobs;
    @Inject
    Leases leases;

    Marketplace us;

    @BeforeEach
    void marketplace() {
        us = join(marketplaces.findByCode("www.amazon.com")).orElseThrow();
    }

    @Test
    void aRefreshedProductIsWrittenOnlyUnderItsCurrentLease() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID id = dueProduct(data(TestData.asin(), "Old title", "11.99", "USD"), now);
        Lease lease = claim(id);
        Lease stale = new Lease(lease.id(), lease.version() - 1, lease.dueAt(), lease.owner());
        Instant next = now.plus(Duration.ofHours(5));

        assertThat(join(refreshes.notRefreshed(stale, next, job(id, RefreshStatus.FAILED)))).as("stale lease").isFalse();
        assertThat(history(id)).as("nothing recorded under a lost lease").isEmpty();

        // no title and no currency in the answer: the stored ones stay
        ProductData answer = data(join(products.findById(id)).orElseThrow().asin(), null, "9.99", null);
        assertThat(join(refreshes.refreshed(lease, answer, now, next, job(id, RefreshStatus.SUCCESS)))).isTrue();

        StoredProduct p = join(products.findById(id)).orElseThrow();
        assertThat(p.title()).isEqualTo("Old title");
        assertThat(p.currency()).isEqualTo("USD");
        assertThat(p.currentPrice()).isEqualByComparingTo("9.99");
        assertThat(p.originalPrice()).isEqualByComparingTo("14.99");
        assertThat(p.brand()).isEqualTo("Espressif");
        assertThat(p.images()).containsExactly("https://example.test/a.jpg");
        assertThat(p.customerReviewCount()).isEqualTo(12);
        assertThat(p.status()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(p.lastRefreshAt()).isEqualTo(now);
        assertThat(p.lastAvailableAt()).isEqualTo(now);
        assertThat(p.nextRefreshAt()).isEqualTo(next);
        assertThat(history(id)).singleElement().satisfies(j -> {
            assertThat(j.outcome().status()).isEqualTo(RefreshStatus.SUCCESS);
            assertThat(j.attempt().worker()).isEqualTo("repository-test");
            assertThat(j.newPrice()).isEqualByComparingTo("9.99");
        });

        assertThat(join(refreshes.unavailable(lease, now, next, job(id, RefreshStatus.SUCCESS))))
                .as("the lease was released by the write-back").isFalse();
    }

    @Test
    void anUnavailableProductKeepsItsLastPriceAndLastAvailability() {
        Instant imported = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        UUID id = dueProduct(data(TestData.asin(), "Kept", "11.99", "USD"), imported);
        Instant now = imported.plus(Duration.ofHours(2));

        assertThat(join(refreshes.unavailable(claim(id), now, now.plus(Duration.ofHours(1)), job(id, RefreshStatus.SUCCESS))))
                .isTrue();

        StoredProduct p = join(products.findById(id)).orElseThrow();
        assertThat(p.status()).isEqualTo(ProductStatus.UNAVAILABLE);
        assertThat(p.currentPrice()).isEqualByComparingTo("11.99");
        assertThat(p.lastAvailableAt()).isEqualTo(imported);
        assertThat(p.lastRefreshAt()).isEqualTo(now);
        assertThat(join(jobs.list(id, RefreshStatus.SUCCESS, null, null, null, 10))).hasSize(1);
        assertThat(join(jobs.list(id, RefreshStatus.FAILED, null, null, null, 10))).isEmpty();
    }

    /** Imported a minute ago and due since then. */
    private UUID dueProduct(ProductData d, Instant at) {
        return join(products.upsert(d, us, at, Instant.now().minus(Duration.ofMinutes(1)), 0)).id();
    }

    /** Claims exactly this product (other tests' due products stay unclaimed). */
    private Lease claim(UUID id) {
        List<Lease> claimed = join(leases.claimWhere(ProductRefreshRepository.LEASES, "id", id, "repository-test", 1,
                Duration.ofMinutes(1)));
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private List<RefreshJob> history(UUID id) {
        return join(jobs.list(id, null, null, null, null, 10));
    }

    private static RefreshJob job(UUID productId, RefreshStatus status) {
        Instant now = Instant.now();
        return RefreshJob.of(productId, new RefreshJob.Attempt(UUID.randomUUID(), "repository-test", now, now, now),
                new RefreshJob.Outcome(status, 0, null, null, "closed"), new BigDecimal("11.99"), new BigDecimal("9.99"));
    }

    private static ProductData data(String asin, String title, String price, String currency) {
        return new ProductData(asin, null, title, "A board", "Espressif", "Espressif Systems",
                List.of("https://example.test/a.jpg"), "https://www.amazon.com/dp/" + asin, new BigDecimal(price),
                new BigDecimal("14.99"), null, null, currency, "IN_STOCK", "In Stock", 12, new BigDecimal("4.5"),
                "{\"ASIN\":\"" + asin + "\"}", "creators");
    }

    private static <T> T join(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
