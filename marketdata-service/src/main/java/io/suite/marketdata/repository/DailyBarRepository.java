package io.suite.marketdata.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.suite.marketdata.domain.Bar;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Daily bars of whole sessions from the grouped-daily endpoint, and the claim that lets one replica load a session
 * while the others wait for it. Times come from the caller's clock.
 */
@ApplicationScoped
public class DailyBarRepository {

    /** What {@link #loadState} knows about a session: loaded (with how many tickers), claimed by someone, or neither. */
    public record LoadState(boolean loaded, int tickers, boolean claimed) {
    }

    private final Pool pool;
    private final ObjectMapper json;

    public DailyBarRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Bar> find(LocalDate session, String ticker) {
        return pool.preparedQuery("""
                select bar_start, open, high, low, close, volume, vwap, transactions from daily_bar
                 where session_date = $1 and ticker = $2""").execute(Tuple.of(session, ticker))
                .map(rows -> rows.iterator().hasNext() ? bar(rows.iterator().next()) : null);
    }

    public Uni<LoadState> loadState(LocalDate session, Instant now) {
        return pool.preparedQuery("select loaded_at, tickers, claimed_until from daily_bar_load where session_date = $1")
                .execute(Tuple.of(session)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return new LoadState(false, 0, false);
                    }
                    Row r = rows.iterator().next();
                    boolean claimed = r.getOffsetDateTime("claimed_until") != null
                            && r.getOffsetDateTime("claimed_until").toInstant().isAfter(now);
                    return new LoadState(r.getOffsetDateTime("loaded_at") != null,
                            r.getInteger("tickers") == null ? 0 : r.getInteger("tickers"), claimed);
                });
    }

    /** One replica wins the right to load {@code session}; a claim lapses at {@code until} should its holder die. */
    public Uni<Boolean> claim(LocalDate session, String owner, Instant now, Instant until) {
        return pool.preparedQuery("""
                insert into daily_bar_load (session_date, claimed_by, claimed_until) values ($1, $2, $4)
                on conflict (session_date) do update set claimed_by = $2, claimed_until = $4
                 where daily_bar_load.loaded_at is null
                   and (daily_bar_load.claimed_until is null or daily_bar_load.claimed_until <= $3)
                returning session_date""")
                .execute(Tuple.of(session, owner, now.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Gives a claim back without loading (the upstream had nothing yet, or failed). */
    public Uni<Void> release(LocalDate session, String owner) {
        return pool.preparedQuery("""
                update daily_bar_load set claimed_by = null, claimed_until = null
                 where session_date = $1 and claimed_by = $2 and loaded_at is null""")
                .execute(Tuple.of(session, owner)).replaceWithVoid();
    }

    /**
     * Stores a session's bars (ticker → bar) in one statement and marks the session loaded, in one transaction: a
     * replica that sees it loaded sees every bar.
     */
    public Uni<Integer> store(LocalDate session, Map<String, Bar> bars, Instant now) {
        ArrayNode rows = json.createArrayNode();
        bars.forEach((ticker, b) -> {
            ObjectNode r = rows.addObject();
            r.put("ticker", ticker);
            r.put("t", b.start().toString());
            r.put("o", b.open());
            r.put("h", b.high());
            r.put("l", b.low());
            r.put("c", b.close());
            r.put("v", b.volume());
            if (b.vwap() != null) {
                r.put("vw", b.vwap());
            }
            if (b.transactions() != null) {
                r.put("n", b.transactions());
            }
        });
        String payload;
        try {
            payload = json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.withTransaction(c -> c.preparedQuery("""
                insert into daily_bar (session_date, ticker, bar_start, open, high, low, close, volume, vwap, transactions)
                select $1, r.ticker, r.t, r.o, r.h, r.l, r.c, r.v, r.vw, r.n
                  from jsonb_to_recordset($2::text::jsonb)
                       as r(ticker text, t timestamptz, o numeric, h numeric, l numeric, c numeric, v numeric, vw numeric, n bigint)
                on conflict (session_date, ticker) do nothing""").execute(Tuple.of(session, payload))
                .chain(inserted -> c.preparedQuery("""
                        insert into daily_bar_load (session_date, loaded_at, tickers) values ($1, $2, $3)
                        on conflict (session_date) do update set loaded_at = $2, tickers = $3, claimed_until = null""")
                        .execute(Tuple.of(session, now.atOffset(ZoneOffset.UTC), bars.size())))
                .replaceWith(bars.size()));
    }

    /** Sessions older than {@code before} are history, not previous closes: deleted by the cleanup job. */
    public Uni<Integer> deleteBefore(LocalDate before) {
        return pool.withTransaction(c -> c.preparedQuery("delete from daily_bar where session_date < $1").execute(Tuple.of(before))
                .chain(deleted -> c.preparedQuery("delete from daily_bar_load where session_date < $1").execute(Tuple.of(before))
                        .map(x -> deleted.rowCount())));
    }

    private static Bar bar(Row r) {
        return new Bar(r.getOffsetDateTime("bar_start").toInstant(), r.getBigDecimal("open"), r.getBigDecimal("high"),
                r.getBigDecimal("low"), r.getBigDecimal("close"), r.getBigDecimal("volume"), r.getBigDecimal("vwap"),
                r.getLong("transactions"));
    }
}
