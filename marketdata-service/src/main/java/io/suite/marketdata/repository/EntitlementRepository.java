package io.suite.marketdata.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The entitlement memory shared by the replicas. Every statement is one atomic upsert, and times come from the
 * caller's clock (so a recheck period is testable), never from the database's.
 */
@ApplicationScoped
public class EntitlementRepository {

    private final Pool pool;

    public EntitlementRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<EntitlementRow>> all(String keyId) {
        return pool.preparedQuery("""
                select family, state, reason, refused_days, allowed_days, learned_at, recheck_at
                  from entitlement where key_id = $1""").execute(Tuple.of(keyId)).map(rows -> {
            List<EntitlementRow> out = new ArrayList<>();
            rows.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    public Uni<EntitlementRow> find(String keyId, String family) {
        return pool.preparedQuery("""
                select family, state, reason, refused_days, allowed_days, learned_at, recheck_at
                  from entitlement where key_id = $1 and family = $2""").execute(Tuple.of(keyId, family))
                .map(rows -> rows.iterator().hasNext() ? row(rows.iterator().next()) : null);
    }

    /**
     * Claims the right to ask the upstream whether the key may read {@code family}: won when nobody knows yet, when a
     * refusal is due for its recheck, or when another replica's claim has lapsed. One replica wins; the others wait
     * for its answer, so a fleet makes at most one forbidden call per family and period.
     */
    public Uni<Boolean> claimProbe(String keyId, String family, Instant now, Instant claimUntil) {
        return pool.preparedQuery("""
                insert into entitlement (key_id, family, state, learned_at, recheck_at) values ($1, $2, 'probing', $3, $4)
                on conflict (key_id, family) do update
                   set state = 'probing', recheck_at = excluded.recheck_at
                 where entitlement.state <> 'entitled' and entitlement.recheck_at <= $3
                returning family""")
                .execute(Tuple.of(keyId, family, at(now), at(claimUntil))).map(rows -> rows.rowCount() > 0);
    }

    /** The upstream answered: the key may read the family (a refusal learned meanwhile elsewhere is overwritten: newer). */
    public Uni<Void> entitled(String keyId, String family, Instant now) {
        return pool.preparedQuery("""
                insert into entitlement (key_id, family, state, learned_at) values ($1, $2, 'entitled', $3)
                on conflict (key_id, family) do update set state = 'entitled', reason = null, learned_at = $3, recheck_at = null""")
                .execute(Tuple.of(keyId, family, at(now))).replaceWithVoid();
    }

    /** The upstream said 403 NOT_AUTHORIZED: remember it until {@code recheckAt}, with the upstream's own words. */
    public Uni<Void> forbidden(String keyId, String family, String reason, Instant now, Instant recheckAt) {
        return pool.preparedQuery("""
                insert into entitlement (key_id, family, state, reason, learned_at, recheck_at) values ($1, $2, 'forbidden', $3, $4, $5)
                on conflict (key_id, family) do update
                   set state = 'forbidden', reason = excluded.reason, learned_at = $4, recheck_at = $5""")
                .execute(Tuple.of(keyId, family, reason, at(now), at(recheckAt))).replaceWithVoid();
    }

    /** A probe that got no verdict (the upstream was down, or the budget spent): the next caller may ask again. */
    public Uni<Void> releaseProbe(String keyId, String family, Instant now) {
        return pool.preparedQuery("""
                update entitlement set recheck_at = $3 where key_id = $1 and family = $2 and state = 'probing'""")
                .execute(Tuple.of(keyId, family, at(now))).replaceWithVoid();
    }

    /**
     * A bars request reaching {@code days} back was refused ("Your plan doesn't include this data timeframe") or
     * answered: the plan's history window lies below the smallest refusal and at or above the largest answer.
     */
    public Uni<Void> history(String keyId, String family, boolean refused, int days, String reason, Instant now) {
        if (refused) {
            return pool.preparedQuery("""
                    insert into entitlement (key_id, family, state, reason, refused_days, learned_at)
                    values ($1, $2, 'forbidden', $4, $3, $5)
                    on conflict (key_id, family) do update
                       set refused_days = least(coalesce(entitlement.refused_days, $3), $3), reason = $4, learned_at = $5,
                           state = 'forbidden'""")
                    .execute(Tuple.from(Arrays.asList(keyId, family, days, reason, at(now)))).replaceWithVoid();
        }
        return pool.preparedQuery("""
                insert into entitlement (key_id, family, state, allowed_days, learned_at) values ($1, $2, 'entitled', $3, $4)
                on conflict (key_id, family) do update
                   set allowed_days = greatest(coalesce(entitlement.allowed_days, $3), $3), learned_at = $4
                 where coalesce(entitlement.allowed_days, -1) < $3""")
                .execute(Tuple.of(keyId, family, days, at(now))).replaceWithVoid();
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static EntitlementRow row(Row r) {
        return new EntitlementRow(r.getString("family"), r.getString("state"), r.getString("reason"),
                r.getInteger("refused_days"), r.getInteger("allowed_days"), instant(r, "learned_at"), instant(r, "recheck_at"));
    }
}
