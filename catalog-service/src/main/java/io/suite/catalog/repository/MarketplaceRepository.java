package io.suite.catalog.repository;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.smallrye.mutiny.Uni;
import io.suite.catalog.domain.Marketplace;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/** Marketplaces are reference data seeded by migration: read once, then served from memory. */
@ApplicationScoped
public class MarketplaceRepository {

    private final Pool pool;
    private volatile Map<String, Marketplace> byCode;

    public MarketplaceRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Marketplace>> findByCode(String code) {
        return all().map(m -> Optional.ofNullable(code == null ? null : m.get(code.toLowerCase())));
    }

    public Uni<Map<String, Marketplace>> all() {
        Map<String, Marketplace> cached = byCode;
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.query("select id, code, region_name, currency, paapi_endpoint, paapi_region from marketplaces")
                .execute().map(rows -> {
                    Map<String, Marketplace> m = new TreeMap<>();
                    for (Row r : rows) {
                        m.put(r.getString("code"), new Marketplace(r.getUUID("id"), r.getString("code"),
                                r.getString("region_name"), r.getString("currency"), r.getString("paapi_endpoint"),
                                r.getString("paapi_region")));
                    }
                    byCode = m;
                    return m;
                });
    }
}
