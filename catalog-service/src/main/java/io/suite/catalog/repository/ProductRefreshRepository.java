package io.suite.catalog.repository;

import static io.suite.catalog.repository.Sql.json;
import static io.suite.catalog.repository.Sql.ts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.ProductData;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.RefreshJob;
import io.suite.resilience.lease.Lease;
import io.suite.resilience.lease.LeaseTable;
import io.suite.resilience.lease.LeaseUpdate;
import io.suite.resilience.lease.Leases;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The products table as leased refresh work: which marketplaces have due products, claiming a batch of one of them,
 * and writing each product back, with its refresh_jobs row, only while its lease holds.
 */
@ApplicationScoped
public class ProductRefreshRepository {

    /** The products table as a lease table: due by next_refresh_at. */
    public static final LeaseTable LEASES = new LeaseTable("products", "id", "next_refresh_at");

    private final Pool pool;
    private final Leases leases;
    private final RefreshJobRepository jobs;

    private final ObjectMapper json;

    public ProductRefreshRepository(Pool pool, Leases leases, RefreshJobRepository jobs, ObjectMapper json) {
        this.json = json;
        this.pool = pool;
        this.leases = leases;
        this.jobs = jobs;
    }

    /** What the worker needs of claimed products. */
    public record RefreshTarget(UUID id, String asin, String marketplace, BigDecimal currentPrice, String currency,
            ProductStatus status, int slot) {
    }

    /** Marketplaces with due, unleased products, the most overdue first: where the worker claims its next batch. */
    public Uni<List<UUID>> dueMarketplaces() {
        return pool.query("""
                select marketplace_id from products
                 where next_refresh_at <= now() and (lease_until is null or lease_until < now())
                 group by marketplace_id order by min(next_refresh_at)""").execute().map(rows -> {
            List<UUID> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(r.getUUID("marketplace_id"));
            }
            return out;
        });
    }

    /** Leases up to {@code limit} due products of one marketplace (one GetItems call carries one marketplace). */
    public Uni<List<Lease>> claim(UUID marketplaceId, String owner, int limit, Duration leaseFor) {
        return leases.claimWhere(LEASES, "marketplace_id", marketplaceId, owner, limit, leaseFor);
    }

    public Uni<List<RefreshTarget>> targets(List<UUID> ids) {
        return pool.preparedQuery("""
                select p.id, p.asin, m.code as marketplace, p.current_price, p.currency, p.status, p.refresh_slot
                  from products p join marketplaces m on m.id = p.marketplace_id where p.id = any($1)""")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
                    List<RefreshTarget> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new RefreshTarget(r.getUUID("id"), r.getString("asin"), r.getString("marketplace"),
                                r.getBigDecimal("current_price"), r.getString("currency"), ProductStatus.of(r.getString("status")),
                                r.getInteger("refresh_slot")));
                    }
                    return out;
                });
    }

    /**
     * Stores what the upstream sent. Prices and last_available_at move only while the product is offered; a missing
     * title or currency keeps the stored one.
     */
    public Uni<Boolean> refreshed(Lease lease, ProductData d, Instant now, Instant next, RefreshJob job) {
        LeaseUpdate update = new LeaseUpdate().setUnlessNull("title", d.title()).set("description", d.description())
                .set("brand", d.brand()).set("manufacturer", d.manufacturer()).set("images", json(json, d.images()), "text::jsonb")
                .set("detail_page_url", d.detailPageUrl()).setUnlessNull("currency", d.currency())
                .set("availability_type", d.availabilityType()).set("availability_message", d.availabilityMessage())
                .set("customer_review_count", d.customerReviewCount(), "integer").set("star_rating", d.starRating(), "numeric")
                .set("parent_asin", d.parentAsin()).set("raw_paapi_response", d.raw(), "text::jsonb")
                .set("raw_source", d.source()).set("status", ProductStatus.of(d).db());
        scheduled(update, now, next);
        if (d.offered()) {
            update.set("current_price", d.currentPrice(), "numeric").set("original_price", d.originalPrice(), "numeric")
                    .set("savings_amount", d.savingsAmount(), "numeric")
                    .set("savings_percentage", d.savingsPercentage(), "numeric").set("last_available_at", ts(now));
        }
        return completeAndRecord(lease, update, job);
    }

    /** No longer offered: the last known data and last_available_at are kept. */
    public Uni<Boolean> unavailable(Lease lease, Instant now, Instant next, RefreshJob job) {
        LeaseUpdate update = new LeaseUpdate().set("status", ProductStatus.UNAVAILABLE.db());
        return completeAndRecord(lease, scheduled(update, now, next), job);
    }

    /** Not refreshed (failed or skipped): only its next attempt moves. */
    public Uni<Boolean> notRefreshed(Lease lease, Instant next, RefreshJob job) {
        return completeAndRecord(lease, new LeaseUpdate().set("next_refresh_at", ts(next)), job);
    }

    private static LeaseUpdate scheduled(LeaseUpdate update, Instant now, Instant next) {
        return update.set("last_refresh_at", ts(now)).set("next_refresh_at", ts(next)).set("updated_at", ts(now));
    }

    /**
     * The lease's write-back and the product's refresh_jobs row in one transaction: a crash between two separate
     * statements would leave a refreshed product without its history row (seen in deploy/fault-tests' kill scenario).
     * False when the lease was lost: nothing is written.
     */
    private Uni<Boolean> completeAndRecord(Lease lease, LeaseUpdate update, RefreshJob job) {
        return pool.withTransaction(tx -> leases.complete(tx, LEASES, lease.id(), lease.version(), update)
                .chain(held -> held ? jobs.insert(tx, List.of(job)).replaceWith(true) : Uni.createFrom().item(false)));
    }
}
