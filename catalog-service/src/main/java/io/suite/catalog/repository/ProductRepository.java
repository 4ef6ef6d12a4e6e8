package io.suite.catalog.repository;

import static io.suite.catalog.repository.Sql.instant;
import static io.suite.catalog.repository.Sql.json;
import static io.suite.catalog.repository.Sql.ts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductData;
import io.suite.catalog.domain.ProductStatus;
import io.suite.catalog.domain.StoredProduct;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Products in Postgres through the reactive pool (runtime role; price history is written by trigger). */
@ApplicationScoped
public class ProductRepository {

    private static final String COLUMNS = "p.id, p.asin, m.code as marketplace, p.parent_asin, p.title, p.description, p.brand,"
            + " p.manufacturer, p.images::text as images, p.detail_page_url, p.current_price, p.original_price,"
            + " p.savings_amount, p.savings_percentage, p.currency, p.availability_type, p.availability_message,"
            + " p.customer_review_count, p.star_rating, p.status, p.last_refresh_at, p.last_available_at,"
            + " p.next_refresh_at, p.raw_source, p.created_at, p.updated_at";

    private final Pool pool;

    private final ObjectMapper json;

    public ProductRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public record Upserted(UUID id, boolean created, String status, BigDecimal oldPrice) {
    }

    /** Inserts the product or updates the row of the same ASIN and marketplace; says which it did. */
    public Uni<Upserted> upsert(ProductData d, Marketplace mp, Instant now, Instant nextRefresh, int slot) {
        String status = ProductStatus.of(d).db();
        Tuple t = Tuple.tuple();
        t.addValue(d.asin()).addValue(mp.id()).addValue(d.parentAsin())
                .addValue(d.title() == null ? d.asin() : d.title()).addValue(d.description()).addValue(d.brand())
                .addValue(d.manufacturer()).addValue(json(json, d.images())).addValue(d.detailPageUrl())
                .addValue(d.currentPrice()).addValue(d.originalPrice()).addValue(d.savingsAmount()).addValue(d.savingsPercentage())
                .addValue(d.currency() == null ? mp.currency() : d.currency())
                .addValue(d.availabilityType()).addValue(d.availabilityMessage()).addValue(d.customerReviewCount())
                .addValue(d.starRating()).addValue(status).addValue(ts(now)).addValue(ts(nextRefresh)).addValue(slot)
                .addValue(d.raw()).addValue(d.source());
        String sql = """
                with old as (select id, current_price from products where asin = $1 and marketplace_id = $2)
                insert into products as p (asin, marketplace_id, parent_asin, title, description, brand, manufacturer, images,
                    detail_page_url, current_price, original_price, savings_amount, savings_percentage, currency,
                    availability_type, availability_message, customer_review_count, star_rating, status, last_refresh_at,
                    last_available_at, next_refresh_at, refresh_slot, raw_paapi_response, raw_source, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10::numeric, $11::numeric, $12::numeric, $13::numeric,
                    $14, $15, $16, $17::integer, $18::numeric, $19, $20, case when $19 = 'active' then $20 end, $21, $22,
                    $23::text::jsonb, $24, $20, $20)
                on conflict (asin, marketplace_id) do update set
                    parent_asin = excluded.parent_asin, title = excluded.title, description = excluded.description,
                    brand = excluded.brand, manufacturer = excluded.manufacturer, images = excluded.images,
                    detail_page_url = excluded.detail_page_url,
                    current_price = coalesce(excluded.current_price, p.current_price),
                    original_price = case when excluded.status = 'active' then excluded.original_price else p.original_price end,
                    savings_amount = case when excluded.status = 'active' then excluded.savings_amount else p.savings_amount end,
                    savings_percentage = case when excluded.status = 'active' then excluded.savings_percentage else p.savings_percentage end,
                    currency = excluded.currency, availability_type = excluded.availability_type,
                    availability_message = excluded.availability_message,
                    customer_review_count = excluded.customer_review_count, star_rating = excluded.star_rating,
                    status = excluded.status, last_refresh_at = excluded.last_refresh_at,
                    last_available_at = coalesce(excluded.last_available_at, p.last_available_at),
                    next_refresh_at = excluded.next_refresh_at, refresh_slot = excluded.refresh_slot,
                    raw_paapi_response = excluded.raw_paapi_response, raw_source = excluded.raw_source,
                    updated_at = excluded.updated_at
                returning p.id, (select count(*) from old) = 0 as created, p.status, (select current_price from old) as old_price
                """;
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            Row r = rows.iterator().next();
            return new Upserted(r.getUUID("id"), r.getBoolean("created"), r.getString("status"), r.getBigDecimal("old_price"));
        });
    }

    public Uni<Optional<StoredProduct>> findById(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from products p join marketplaces m on m.id = p.marketplace_id where p.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    public Uni<Optional<String>> rawPayload(UUID id) {
        return pool.preparedQuery("select raw_paapi_response::text as raw from products where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.ofNullable(rows.iterator().next().getString("raw")) : Optional.empty());
    }

    public Uni<Boolean> exists(UUID id) {
        return pool.preparedQuery("select 1 from products where id = $1").execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    /** Newest first; {@code after} is the (created_at, id) of the last row of the previous page. */
    public Uni<List<StoredProduct>> list(ProductStatus status, String marketplace, Instant afterCreated, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS
                + " from products p join marketplaces m on m.id = p.marketplace_id where true");
        Tuple t = Tuple.tuple();
        if (status != null) {
            t.addValue(status.db());
            sql.append(" and p.status = $").append(t.size());
        }
        if (marketplace != null) {
            t.addValue(marketplace);
            sql.append(" and m.code = $").append(t.size());
        }
        if (afterCreated != null && afterId != null) {
            t.addValue(ts(afterCreated));
            sql.append(" and (p.created_at, p.id) < ($").append(t.size());
            t.addValue(afterId);
            sql.append(", $").append(t.size()).append(")");
        }
        t.addValue(limit);
        sql.append(" order by p.created_at desc, p.id desc limit $").append(t.size());
        return pool.preparedQuery(sql.toString()).execute(t).map(rows -> {
            List<StoredProduct> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(map(r));
            }
            return out;
        });
    }

    /** Makes a product due now (an operator's "refresh this one on the next run"); false when it does not exist. */
    public Uni<Boolean> makeDue(UUID id) {
        return pool.preparedQuery("update products set next_refresh_at = now() where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    StoredProduct map(Row r) {
        return new StoredProduct(r.getUUID("id"), r.getString("asin"), r.getString("marketplace"), r.getString("parent_asin"),
                r.getString("title"), r.getString("description"), r.getString("brand"), r.getString("manufacturer"),
                Sql.stringList(json, r.getString("images")), r.getString("detail_page_url"), r.getBigDecimal("current_price"),
                r.getBigDecimal("original_price"), r.getBigDecimal("savings_amount"), r.getBigDecimal("savings_percentage"),
                r.getString("currency"), r.getString("availability_type"), r.getString("availability_message"),
                r.getInteger("customer_review_count"), r.getBigDecimal("star_rating"), ProductStatus.of(r.getString("status")),
                instant(r.getOffsetDateTime("last_refresh_at")), instant(r.getOffsetDateTime("last_available_at")),
                instant(r.getOffsetDateTime("next_refresh_at")), r.getString("raw_source"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")));
    }
}
