package io.suite.catalog.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.PricePoint;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the price history the products trigger writes. */
@ApplicationScoped
public class PriceHistoryRepository {

    private final Pool pool;

    public PriceHistoryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Newest first; {@code beforeId} is the id of the last entry of the previous page. */
    public Uni<List<PricePoint>> list(UUID productId, Long beforeId, int limit) {
        return pool.preparedQuery("""
                select id, old_price, new_price, currency, changed_at from price_history
                 where product_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3""")
                .execute(Tuple.of(productId, beforeId, limit)).map(rows -> {
                    List<PricePoint> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new PricePoint(r.getLong("id"), r.getBigDecimal("old_price"), r.getBigDecimal("new_price"),
                                r.getString("currency"), r.getOffsetDateTime("changed_at").toInstant()));
                    }
                    return out;
                });
    }
}
