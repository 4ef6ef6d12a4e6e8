package io.suite.accounts.repository;

import static io.suite.accounts.repository.TokenRepository.instant;
import static io.suite.accounts.repository.TokenRepository.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntFunction;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.AccountStatus;
import io.suite.accounts.domain.AdsAccount;
import io.suite.accounts.domain.AdsProfile;
import io.suite.accounts.domain.Profile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** SQL for user_accounts and amazon_profiles. Every method takes a connection bound to one user by {@link Tenancy}. */
@ApplicationScoped
public class AccountRepository {

    static final String COLUMNS = "id, amazon_account_id, account_name, status, amazon_status, account_type, marketplace_id,"
            + " metadata -> 'countryCodes' as country_codes, sync_status, sync_error_message, sync_retry_count, last_synced_at,"
            + " next_sync_at, disconnected_at, created_at";

    public enum Sort {
        NAME("account_name", "id"),
        LAST_SYNC("coalesce(last_synced_at, '-infinity'::timestamptz)", "id"),
        STATUS("status", "account_name", "id");

        final String[] keys;

        Sort(String... keys) {
            this.keys = keys;
        }

        /** Sort keys besides the id that a cursor carries. */
        public int keyCount() {
            return keys.length - 1;
        }
    }

    /** Keyset position: the last row's sort keys as text (cast back in SQL), and its id. */
    public record Position(List<String> keys, UUID id) {
    }

    /**
     * One page in a stable order (the id breaks ties), by keyset: WHERE (keys) > (last row's keys), which the composite
     * indexes (user_id[, status], key, id) serve without an offset scan.
     */
    public Uni<List<Account>> page(SqlConnection conn, AccountStatus status, String nameContains, Sort sort, boolean descending,
            Position after, int limit) {
        Query q = pageQuery(status, nameContains, sort, descending, after, limit);
        return conn.preparedQuery(q.sql()).execute(q.params()).map(AccountRepository::accounts);
    }

    /** A statement and its parameters. */
    public record Query(String sql, Tuple params) {
    }

    /** The SQL of {@link #page} (public so that a test can EXPLAIN exactly what runs). */
    public static Query pageQuery(AccountStatus status, Sort sort, boolean descending, Position after, int limit) {
        return pageQuery(status, null, sort, descending, after, limit);
    }

    /**
     * As above, with a case-insensitive substring match on the name. strpos, not LIKE, so that % and _ typed by a user
     * are plain characters; the match is a filter on the keyset walk of the (user_id[, status], key, id) index, which
     * stays cheap because RLS already narrows the walk to one user's rows (measured in deploy/bench/dashboard).
     */
    public static Query pageQuery(AccountStatus status, String nameContains, Sort sort, boolean descending, Position after,
            int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from user_accounts where true");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            params.add(status.db());
            sql.append(" and status = $").append(params.size());
        }
        if (nameContains != null && !nameContains.isEmpty()) {
            params.add(nameContains.toLowerCase(Locale.ROOT));
            sql.append(" and strpos(lower(account_name), $").append(params.size()).append(") > 0");
        }
        String[] keys = sort.keys;
        if (after != null) {
            List<String> lhs = new ArrayList<>();
            List<String> rhs = new ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                lhs.add(keys[i]);
                if (keys[i].equals("id")) {
                    params.add(after.id());
                    rhs.add("$" + params.size() + "::uuid");
                } else {
                    params.add(after.keys().get(i));
                    rhs.add("$" + params.size() + (keys[i].startsWith("coalesce") ? "::text::timestamptz" : "::text"));
                }
            }
            sql.append(" and (").append(String.join(", ", lhs)).append(descending ? ") < (" : ") > (")
                    .append(String.join(", ", rhs)).append(")");
        }
        sql.append(" order by ");
        for (int i = 0; i < keys.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(keys[i]).append(descending ? " desc" : " asc");
        }
        params.add(limit);
        sql.append(" limit $").append(params.size());
        return new Query(sql.toString(), Tuple.from(params));
    }

    /** The sort keys of a row as the keyset needs them. */
    public static List<String> keysOf(Account a, Sort sort) {
        return switch (sort) {
            case NAME -> List.of(a.name());
            case LAST_SYNC -> List.of(a.lastSyncedAt() == null ? "-infinity" : a.lastSyncedAt().toString());
            case STATUS -> List.of(a.status(), a.name());
        };
    }

    public Uni<List<Account>> all(SqlConnection conn) {
        return conn.query("select " + COLUMNS + " from user_accounts order by account_name, id").execute()
                .map(AccountRepository::accounts);
    }

    public Uni<List<Account>> byIds(SqlConnection conn, List<UUID> ids) {
        return conn.preparedQuery("select " + COLUMNS + " from user_accounts where id = any($1) order by account_name, id")
                .execute(Tuple.of(ids.toArray(new UUID[0]))).map(AccountRepository::accounts);
    }

    /** Connected accounts due for a sync (pending re-poll, failure retry or the regular interval). */
    public Uni<List<Account>> due(SqlConnection conn, Instant now) {
        return conn.preparedQuery("select " + COLUMNS + " from user_accounts where disconnected_at is null and next_sync_at <= $1"
                + " order by next_sync_at limit 1000").execute(Tuple.of(utc(now))).map(AccountRepository::accounts);
    }

    /** Inserts or updates accounts from Amazon in one batch: status mapped, sync state reset to completed or pending. */
    public Uni<Void> upsert(SqlConnection conn, UUID user, UUID tokenId, List<AdsAccount> accounts, Instant now,
            Instant nextRegular, Instant nextRepoll) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (AdsAccount a : accounts) {
            boolean repoll = AccountStatus.needsRepoll(a.status());
            JsonObject metadata = new JsonObject()
                    .put("countryCodes", new JsonArray(new ArrayList<>(a.countryCodes())))
                    .put("profileIds", new JsonArray(new ArrayList<>(a.profileIds())))
                    .put("amazon", new JsonObject(a.raw().toString()));
            batch.add(Tuple.from(List.of(user, a.adsAccountId(), a.accountName() == null ? a.adsAccountId() : a.accountName(),
                    AccountStatus.fromAmazon(a.status()).db(), a.status() == null ? "" : a.status(), metadata,
                    repoll ? "pending" : "completed", utc(now), utc(repoll ? nextRepoll : nextRegular),
                    tokenId == null ? UUID.fromString("00000000-0000-0000-0000-000000000000") : tokenId,
                    a.countryCodes().isEmpty() ? "" : a.countryCodes().get(0))));
        }
        return conn.preparedQuery("""
                insert into user_accounts (user_id, amazon_account_id, account_name, status, amazon_status, metadata,
                                           sync_status, last_synced_at, next_sync_at, token_id, marketplace_id, sync_retry_count)
                values ($1, $2, $3, $4, nullif($5, ''), $6, $7, $8, $9,
                        nullif($10, '00000000-0000-0000-0000-000000000000'::uuid), nullif($11, ''), 0)
                on conflict (user_id, amazon_account_id) do update
                   set account_name = excluded.account_name, amazon_status = excluded.amazon_status,
                       status = case when user_accounts.disconnected_at is null then excluded.status else 'inactive' end,
                       metadata = user_accounts.metadata || excluded.metadata, sync_status = excluded.sync_status,
                       sync_error_message = null, sync_retry_count = 0, last_synced_at = excluded.last_synced_at,
                       next_sync_at = case when user_accounts.disconnected_at is null then excluded.next_sync_at end,
                       token_id = coalesce(excluded.token_id, user_accounts.token_id),
                       marketplace_id = coalesce(excluded.marketplace_id, user_accounts.marketplace_id), updated_at = now()""")
                .executeBatch(batch).replaceWithVoid();
    }

    public Uni<Void> markFailed(SqlConnection conn, List<UUID> ids, String error, Instant now, IntFunction<Instant> nextFor) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // the retry delay grows with each account's own failure streak, so read the streaks first
        return conn.preparedQuery("select id, sync_retry_count from user_accounts where id = any($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0]))).chain(rows -> {
                    List<Tuple> batch = new ArrayList<>();
                    rows.forEach(r -> batch.add(Tuple.of(r.getUUID("id"), error, utc(nextFor.apply(r.getInteger("sync_retry_count"))))));
                    if (batch.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return conn.preparedQuery("""
                            update user_accounts set sync_status = 'failed', sync_error_message = $2,
                                   sync_retry_count = sync_retry_count + 1, next_sync_at = $3, updated_at = now()
                             where id = $1 and disconnected_at is null""").executeBatch(batch).replaceWithVoid();
                });
    }

    public Uni<Void> upsertProfiles(SqlConnection conn, UUID user, List<AdsProfile> profiles, Instant now) {
        if (profiles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (AdsProfile p : profiles) {
            batch.add(Tuple.from(Arrays.asList(user, p.profileId(), p.region().name(), p.countryCode(), p.currencyCode(),
                    p.dailyBudget(), p.timezone(), p.marketplaceStringId(), p.accountInfoId(), p.accountType(), p.accountName(),
                    p.accountSubType(), p.validPaymentMethod(), new JsonObject(p.raw().toString()), utc(now))));
        }
        return conn.preparedQuery("""
                insert into amazon_profiles (user_id, profile_id, region, country_code, currency_code, daily_budget, timezone,
                       marketplace_string_id, account_info_id, account_type, account_name, account_sub_type,
                       valid_payment_method, raw, synced_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                on conflict (user_id, profile_id) do update
                   set region = excluded.region, country_code = excluded.country_code, currency_code = excluded.currency_code,
                       daily_budget = excluded.daily_budget, timezone = excluded.timezone,
                       marketplace_string_id = excluded.marketplace_string_id, account_info_id = excluded.account_info_id,
                       account_type = excluded.account_type, account_name = excluded.account_name,
                       account_sub_type = excluded.account_sub_type, valid_payment_method = excluded.valid_payment_method,
                       raw = excluded.raw, synced_at = excluded.synced_at""").executeBatch(batch).replaceWithVoid();
    }

    /**
     * The account type (seller, vendor, agency) is a property of an account's advertising profiles (accountInfo.type),
     * not of the /adsAccounts record: copied from the first linked profile after the profiles are stored.
     */
    public Uni<Void> fillAccountTypes(SqlConnection conn) {
        return conn.query("""
                update user_accounts ua set account_type = p.account_type
                  from amazon_profiles p
                 where jsonb_typeof(ua.metadata -> 'profileIds') = 'array'
                   and p.user_id = ua.user_id and p.profile_id = (ua.metadata -> 'profileIds' ->> 0)::bigint
                   and p.account_type is not null and ua.account_type is distinct from p.account_type""")
                .execute().replaceWithVoid();
    }

    /** Records that the user's profiles were just fetched from every region (whatever the answer, empty included). */
    public Uni<Void> profilesFetched(SqlConnection conn) {
        return conn.query("update users set profiles_fetched_at = now()").execute().replaceWithVoid();
    }

    /** When the user's profiles were last fetched, or null if never. */
    public Uni<Instant> profilesFetchedAt(SqlConnection conn) {
        return conn.query("select profiles_fetched_at from users").execute()
                .map(rows -> rows.size() == 0 ? null : instant(rows.iterator().next(), "profiles_fetched_at"));
    }

    public Uni<Long> profileCount(SqlConnection conn) {
        return conn.query("select count(*) as n from amazon_profiles").execute().map(r -> r.iterator().next().getLong("n"));
    }

    public Uni<List<Profile>> profilesPage(SqlConnection conn, Long afterProfileId, int limit) {
        return conn.preparedQuery("""
                select profile_id, region, country_code, currency_code, daily_budget, timezone, marketplace_string_id,
                       account_info_id, account_type, account_name, account_sub_type, valid_payment_method, synced_at
                  from amazon_profiles where profile_id > $1 order by profile_id limit $2""")
                .execute(Tuple.of(afterProfileId == null ? Long.MIN_VALUE : afterProfileId, limit))
                .map(rows -> {
                    List<Profile> out = new ArrayList<>();
                    rows.forEach(r -> out.add(profile(r)));
                    return out;
                });
    }

    static Profile profile(Row r) {
        return new Profile(r.getLong("profile_id"), r.getString("region"), r.getString("country_code"),
                r.getString("currency_code"), r.getBigDecimal("daily_budget"), r.getString("timezone"),
                r.getString("marketplace_string_id"), r.getString("account_info_id"), r.getString("account_type"),
                r.getString("account_name"), r.getString("account_sub_type"), r.getBoolean("valid_payment_method"),
                r.getOffsetDateTime("synced_at").toInstant());
    }

    /** Disconnect: marked inactive by us, no more syncs. The number of rows changed (0: unknown or already disconnected). */
    public Uni<Integer> disconnect(SqlConnection conn, UUID id) {
        return conn.preparedQuery("""
                update user_accounts set status = 'inactive', disconnected_at = now(), next_sync_at = null, updated_at = now()
                 where id = $1 and disconnected_at is null returning token_id""").execute(Tuple.of(id)).map(r -> r.rowCount());
    }

    public Uni<Long> connectedCount(SqlConnection conn) {
        return conn.query("select count(*) as n from user_accounts where disconnected_at is null").execute()
                .map(r -> r.iterator().next().getLong("n"));
    }

    /**
     * Merges labels into an account's {@code metadata.labels} (a null value removes that label), unless the account would
     * then have more than {@code maxLabels}: 1 when changed, 0 when refused (or no such account).
     */
    public Uni<Integer> setLabels(SqlConnection conn, UUID id, JsonObject labels, int maxLabels) {
        return conn.preparedQuery("""
                with merged as (
                    select id, jsonb_strip_nulls(case when jsonb_typeof(metadata -> 'labels') = 'object' then metadata -> 'labels'
                                                      else '{}'::jsonb end || $2) as labels
                      from user_accounts where id = $1)
                update user_accounts ua set metadata = jsonb_set(coalesce(ua.metadata, '{}'::jsonb), '{labels}', merged.labels),
                       updated_at = now()
                  from merged
                 where ua.id = merged.id and (select count(*) from jsonb_object_keys(merged.labels)) <= $3""")
                .execute(Tuple.of(id, labels, maxLabels)).map(r -> r.rowCount());
    }

    static List<Account> accounts(Iterable<Row> rows) {
        List<Account> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(account(r));
        }
        return out;
    }

    static Account account(Row r) {
        List<String> countries = new ArrayList<>();
        Object cc = r.getValue("country_codes");
        if (cc instanceof JsonArray arr) {
            arr.forEach(c -> countries.add(String.valueOf(c)));
        }
        return new Account(r.getUUID("id"), r.getString("amazon_account_id"), r.getString("account_name"), r.getString("status"),
                r.getString("amazon_status"), r.getString("account_type"), r.getString("marketplace_id"), countries,
                r.getString("sync_status"), r.getString("sync_error_message"), r.getInteger("sync_retry_count"),
                instant(r, "last_synced_at"), instant(r, "next_sync_at"), instant(r, "disconnected_at"), instant(r, "created_at"));
    }
}
