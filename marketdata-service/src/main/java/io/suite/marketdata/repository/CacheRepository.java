package io.suite.marketdata.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The shared cache level in Postgres. Times come from the caller's clock, so TTL rules are testable. */
@ApplicationScoped
public class CacheRepository {

    private final Pool pool;

    public CacheRepository(Pool pool) {
        this.pool = pool;
    }

    /** The entry if it is still worth anything (fresh or within its stale retention) at {@code now}. */
    public Uni<CacheRow> find(String key, Instant now) {
        return pool.preparedQuery("""
                select cache_key, data_type, ticker, payload::text as payload, fetched_at, fresh_until, keep_until
                  from cache_entry where cache_key = $1 and keep_until > $2""")
                .execute(Tuple.of(key, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().hasNext() ? row(rows.iterator().next()) : null);
    }

    /** The entries among {@code keys} still worth anything at {@code now}, by key. */
    public Uni<Map<String, CacheRow>> findAll(List<String> keys, Instant now) {
        return pool.preparedQuery("""
                select cache_key, data_type, ticker, payload::text as payload, fetched_at, fresh_until, keep_until
                  from cache_entry where cache_key = any($1) and keep_until > $2""")
                .execute(Tuple.of(keys.toArray(String[]::new), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Map<String, CacheRow> out = new LinkedHashMap<>();
                    rows.forEach(r -> out.put(r.getString("cache_key"), row(r)));
                    return out;
                });
    }

    /**
     * Atomic upsert; an older fetch never overwrites a newer one (two replicas refreshing the same key at once).
     *
     * @return true when this write won
     */
    public Uni<Boolean> upsert(CacheRow row) {
        return pool.preparedQuery("""
                insert into cache_entry (cache_key, data_type, ticker, payload, fetched_at, fresh_until, keep_until)
                values ($1, $2, $3, $4::text::jsonb, $5, $6, $7)
                on conflict (cache_key) do update
                   set payload = excluded.payload, fetched_at = excluded.fetched_at, fresh_until = excluded.fresh_until,
                       keep_until = excluded.keep_until, updated_at = clock_timestamp()
                 where cache_entry.fetched_at <= excluded.fetched_at
                returning cache_key""")
                .execute(Tuple.from(List.of(row.key(), row.dataType(), row.ticker(), row.payload(),
                        row.fetchedAt().atOffset(ZoneOffset.UTC), row.freshUntil().atOffset(ZoneOffset.UTC),
                        row.keepUntil().atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Deletes entries past their stale retention; returns how many. */
    public Uni<Integer> deleteExpired(Instant now) {
        return pool.preparedQuery("delete from cache_entry where keep_until <= $1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    public Uni<List<String>> keysOf(String ticker) {
        return pool.preparedQuery("select cache_key from cache_entry where ticker = $1 order by cache_key")
                .execute(Tuple.of(ticker)).map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(r.getString(0)));
                    return keys;
                });
    }

    public Uni<Boolean> ping() {
        return pool.query("select 1").execute().map(rows -> true);
    }

    private static CacheRow row(Row r) {
        return new CacheRow(r.getString("cache_key"), r.getString("data_type"), r.getString("ticker"),
                r.getString("payload"), r.getOffsetDateTime("fetched_at").toInstant(),
                r.getOffsetDateTime("fresh_until").toInstant(), r.getOffsetDateTime("keep_until").toInstant());
    }
}
