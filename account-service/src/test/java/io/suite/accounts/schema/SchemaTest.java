package io.suite.accounts.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.support.OwnerDb;
import io.suite.resilience.budget.UpstreamUsage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/**
 * Seed 002 against the real Postgres, as migrated by Flyway: every table, constraint, index and policy, the backfill of
 * the data migration, and Row Level Security for the runtime role.
 */
@QuarkusTest
class SchemaTest {

    static final List<String> TENANT_TABLES = List.of("users", "oauth_tokens", "user_accounts", "account_sync_history",
            "amazon_profiles", "oauth_connect_flows");

    @Inject
    Tenancy tenancy;

    @Inject
    Pool pool;

    @Inject
    UpstreamUsage usage;

    @Inject
    MeterRegistry meters;

    UUID alice;
    UUID bob;

    @BeforeEach
    void twoTenants() throws SQLException {
        alice = UUID.randomUUID();
        bob = UUID.randomUUID();
        try (Connection c = OwnerDb.connect(); Statement s = c.createStatement()) {
            for (UUID u : List.of(alice, bob)) {
                s.execute("insert into users (id) values ('" + u + "')");
                s.execute("insert into oauth_tokens (user_id, access_token_enc, refresh_token_enc, key_id, expires_at)"
                        + " values ('" + u + "', '\\x01', '\\x02', 'k1', now() + interval '1 hour')");
                s.execute("insert into amazon_profiles (user_id, profile_id, region, country_code, raw) values ('" + u
                        + "', " + Math.abs(u.getMostSignificantBits() % 1_000_000_000L) + ", 'NA', 'US', '{}')");
                s.execute("insert into oauth_connect_flows (id, user_id, browser_hash, code_verifier_enc, key_id, expires_at)"
                        + " values (gen_random_uuid(), '" + u + "', '\\x01', '\\x02', 'k1', now() + interval '10 minutes')");
            }
            for (int i = 0; i < 3; i++) {
                s.execute("insert into user_accounts (user_id, amazon_account_id, account_name) values ('" + alice
                        + "', 'amzn1.ads-account.g.a" + i + "', 'A" + i + "')");
            }
            s.execute("insert into user_accounts (user_id, amazon_account_id, account_name) values ('" + bob
                    + "', 'amzn1.ads-account.g.b0', 'B0')");
            s.execute("insert into account_sync_history (user_id, sync_type, sync_status) values ('" + alice + "', 'manual', 'started')");
            s.execute("insert into account_sync_history (user_id, sync_type, sync_status) values ('" + bob + "', 'manual', 'started')");
        }
    }

    private long countAs(UUID user, String table) {
        return tenancy.asUser(user, c -> c.query("select count(*) as n from " + table).execute())
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n");
    }

    @Test
    void aQueryWithoutWhereSeesOnlyTheCallersRows() {
        assertThat(countAs(alice, "user_accounts")).isEqualTo(3);
        assertThat(countAs(bob, "user_accounts")).isEqualTo(1);
        for (String table : TENANT_TABLES) {
            assertThat(countAs(alice, table)).as(table).isEqualTo(table.equals("user_accounts") ? 3 : 1);
            var ids = tenancy.asUser(alice, c -> c.query("select distinct " + (table.equals("users") ? "id" : "user_id")
                    + " as u from " + table).execute()).await().atMost(Duration.ofSeconds(10));
            ids.forEach(r -> assertThat(r.getUUID("u")).as(table).isEqualTo(alice));
        }
    }

    @Test
    void withoutABoundUserTheRuntimeRoleSeesNothing() {
        for (String table : TENANT_TABLES) {
            // the pool's connections are reused: a previous transaction's set_config(..., true) must not leak into this one
            long n = pool.query("select count(*) as n from " + table).execute().await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getLong("n");
            assertThat(n).as(table).isZero();
        }
    }

    @Test
    void writingAnotherUsersRowIsRefused() {
        assertThatThrownBy(() -> tenancy.asUser(alice, c -> c.query("insert into user_accounts (user_id, amazon_account_id,"
                + " account_name) values ('" + bob + "', 'x', 'x')").execute()).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(PgException.class).extracting(e -> ((PgException) e).getSqlState()).isEqualTo("42501");
        assertThatThrownBy(() -> tenancy.asUser(alice, c -> c.query("update user_accounts set user_id = '" + bob + "'")
                .execute()).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(PgException.class).extracting(e -> ((PgException) e).getSqlState()).isEqualTo("42501");
        // and an update without WHERE only touches the caller's rows
        int changed = tenancy.asUser(alice, c -> c.query("update user_accounts set account_type = 'seller'").execute())
                .await().atMost(Duration.ofSeconds(10)).rowCount();
        assertThat(changed).isEqualTo(3);
    }

    @Test
    void theRuntimeRoleIsNeitherOwnerNorExemptFromPolicies() {
        var row = pool.query("select rolbypassrls, rolsuper, (select count(*) from pg_tables where schemaname = 'accounts'"
                + " and tableowner = current_user) as owned from pg_roles where rolname = current_user").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getBoolean("rolbypassrls")).isFalse();
        assertThat(row.getBoolean("rolsuper")).isFalse();
        assertThat(row.getLong("owned")).isZero();
        var rls = pool.query("select relname, relrowsecurity from pg_class where relnamespace = 'accounts'::regnamespace"
                + " and relkind = 'r'").execute().await().atMost(Duration.ofSeconds(10));
        Map<String, Boolean> enabled = new TreeMap<>();
        rls.forEach(r -> enabled.put(r.getString("relname"), r.getBoolean("relrowsecurity")));
        TENANT_TABLES.forEach(t -> assertThat(enabled).containsEntry(t, true));
    }

    @Test
    void checkConstraintsRejectInvalidStates() throws SQLException {
        String[] invalid = {
                "insert into user_accounts (user_id, amazon_account_id, account_name, status) values ('%s', 'c1', 'x', 'deleted')",
                "insert into user_accounts (user_id, amazon_account_id, account_name, sync_status) values ('%s', 'c2', 'x', 'done')",
                "insert into user_accounts (user_id, amazon_account_id, account_name, sync_retry_count) values ('%s', 'c3', 'x', -1)",
                "insert into account_sync_history (user_id, sync_type, sync_status) values ('%s', 'cron', 'started')",
                "insert into account_sync_history (user_id, sync_type, sync_status) values ('%s', 'manual', 'ok')",
                "insert into account_sync_history (user_id, sync_type, sync_status) values ('%s', 'manual', 'success')",
                "insert into account_sync_history (user_id, sync_type, sync_status, accounts_synced) values ('%s', 'manual', 'started', -1)",
                "update oauth_tokens set refresh_failure_count = -1 where user_id = '%s'",
                "update oauth_tokens set key_id = null where user_id = '%s'",
                "insert into oauth_tokens (user_id, provider) values ('%s', 'google')",
                "insert into amazon_profiles (user_id, profile_id, region, country_code, raw) values ('%s', 1, 'XX', 'US', '{}')",
        };
        try (Connection c = OwnerDb.connect()) {
            for (String sql : invalid) {
                try (Statement s = c.createStatement()) {
                    assertThatThrownBy(() -> s.execute(String.format(sql, alice))).as(sql)
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23514", "23502"));
                }
            }
            try (Statement s = c.createStatement()) {
                // the unique composite key: one row per user and Amazon account
                assertThatThrownBy(() -> s.execute("insert into user_accounts (user_id, amazon_account_id, account_name) values ('"
                        + alice + "', 'amzn1.ads-account.g.a0', 'dup')")).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
                // foreign keys: history of an unknown account, token of an unknown user
                assertThatThrownBy(() -> s.execute("insert into account_sync_history (user_id, user_account_id, sync_type, sync_status)"
                        + " values ('" + alice + "', '" + UUID.randomUUID() + "', 'manual', 'started')"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
            }
        }
    }

    @Test
    void indexesOfSeed002Exist() {
        var rows = pool.query("select indexname, indexdef from pg_indexes where schemaname = 'accounts'").execute()
                .await().atMost(Duration.ofSeconds(10));
        Map<String, String> defs = new TreeMap<>();
        rows.forEach(r -> defs.put(r.getString("indexname"), r.getString("indexdef")));
        assertThat(defs.get("idx_oauth_tokens_expires_at")).contains("(expires_at)").contains("WHERE (proactive_refresh_enabled = true)");
        assertThat(defs.get("idx_user_accounts_user_amazon")).contains("UNIQUE").contains("(user_id, amazon_account_id)");
        assertThat(defs.get("idx_user_accounts_metadata")).contains("USING gin (metadata)");
        assertThat(defs.get("idx_sync_history_account")).contains("(user_account_id)");
        assertThat(defs.get("idx_sync_history_status")).contains("(sync_status)");
        assertThat(defs.get("idx_sync_history_started")).contains("(started_at DESC)");
        assertThat(defs).containsKeys("idx_user_accounts_user_name", "idx_user_accounts_user_status_name",
                "idx_user_accounts_user_synced", "idx_user_accounts_user_status_synced");
    }

    @Test
    void theGinIndexServesMetadataContainment() throws SQLException {
        try (Connection c = OwnerDb.connect(); Statement s = c.createStatement()) {
            s.execute("set enable_seqscan = off");
            var plan = s.executeQuery("explain select id from user_accounts where metadata @> '{\"countryCodes\": [\"US\"]}'");
            StringBuilder text = new StringBuilder();
            while (plan.next()) {
                text.append(plan.getString(1)).append('\n');
            }
            assertThat(text).contains("idx_user_accounts_metadata");
        }
    }

    @Test
    void theDataMigrationBackfillsSyncStateFromStatus() throws Exception {
        String backfill;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V4__seed002_backfill_sync_state.sql")) {
            backfill = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = OwnerDb.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // rows as they were before seed 002: no sync state yet (V5's NOT NULL undone inside this transaction)
                s.execute("alter table user_accounts alter column sync_status drop not null");
                s.execute("update user_accounts set sync_status = null, next_sync_at = null where user_id = '" + alice + "'");
                s.execute("update user_accounts set status = case account_name when 'A0' then 'active' when 'A1' then 'pending'"
                        + " else 'suspended' end where user_id = '" + alice + "'");
                s.execute(backfill);
                var rs = s.executeQuery("select account_name, sync_status, next_sync_at > now() + interval '59 minutes' as later"
                        + " from user_accounts where user_id = '" + alice + "' order by account_name");
                Map<String, String> states = new TreeMap<>();
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getString(2));
                    assertThat(rs.getBoolean(3)).isTrue();
                }
                assertThat(states).containsExactlyEntriesOf(new TreeMap<>(Map.of("A0", "completed", "A1", "pending", "A2", "failed")));
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void rateLimitTrackingIsFedBySharedUsageCountsAndLimitedToTheCaller() {
        usage.record("ads", "POST /adsAccounts/list", alice.toString(), UpstreamUsage.Outcome.CALL);
        usage.record("ads", "POST /adsAccounts/list", alice.toString(), UpstreamUsage.Outcome.THROTTLED);
        usage.record("ads", "GET /v2/profiles", bob.toString(), UpstreamUsage.Outcome.CALL);
        usage.flush().await().atMost(Duration.ofSeconds(10));
        var rows = tenancy.asUser(alice, c -> c.query("select user_id, endpoint, request_count, limit_hit_count, last_limit_hit"
                + " from rate_limit_tracking").execute()).await().atMost(Duration.ofSeconds(10));
        assertThat(rows.size()).isEqualTo(1);
        var row = rows.iterator().next();
        assertThat(row.getUUID("user_id")).isEqualTo(alice);
        assertThat(row.getString("endpoint")).isEqualTo("POST /adsAccounts/list");
        assertThat(row.getLong("request_count")).isEqualTo(2);
        assertThat(row.getLong("limit_hit_count")).isEqualTo(1);
        assertThat(row.getValue("last_limit_hit")).isNotNull();
        long none = pool.query("select count(*) as n from rate_limit_tracking").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n");
        assertThat(none).isZero();
    }

    @Test
    void rateLimitTrackingSaysWhenExactlyTheLastLimitHitCameAndItsRetryAfter() throws SQLException {
        Instant t1 = Instant.parse("2026-12-06T01:02:03.123456Z");
        Instant t2 = t1.plusSeconds(40).plusNanos(1_000);
        UpstreamUsage early = new UpstreamUsage(pool, meters, Clock.fixed(t1, ZoneOffset.UTC));
        UpstreamUsage late = new UpstreamUsage(pool, meters, Clock.fixed(t2, ZoneOffset.UTC));
        for (int attempt = 1;; attempt++) {
            String minute = databaseMinute();
            late.recordLimitHit("ads", "GET /v2/profiles", alice.toString(), Duration.ofSeconds(12));
            late.flush().await().atMost(Duration.ofSeconds(10));
            early.recordLimitHit("ads", "GET /v2/profiles", alice.toString(), Duration.ofSeconds(99));
            early.flush().await().atMost(Duration.ofSeconds(10));
            if (minute.equals(databaseMinute()) || attempt == 3) {
                break;
            }
            // the flushes straddled a minute of the database clock: two rows; start again in the next minute's
            try (Connection c = OwnerDb.connect(); Statement s = c.createStatement()) {
                s.execute("delete from resilience_upstream_usage where subject = '" + alice + "'");
            }
        }
        var rows = tenancy.asUser(alice, c -> c.query("select limit_hit_count, last_limit_hit, retry_after_seconds"
                + " from rate_limit_tracking where endpoint = 'GET /v2/profiles'").execute()).await().atMost(Duration.ofSeconds(10));
        assertThat(rows.size()).isEqualTo(1);
        var row = rows.iterator().next();
        assertThat(row.getLong("limit_hit_count")).isEqualTo(2);
        assertThat(row.getOffsetDateTime("last_limit_hit").toInstant()).as("the later 429, exactly").isEqualTo(t2);
        assertThat(row.getInteger("retry_after_seconds")).as("the later 429's Retry-After").isEqualTo(12);
        // read above by the runtime role through the grant; still a security barrier, other users' rows hidden
        assertThat(tenancy.asUser(bob, c -> c.query("select count(*) as n from rate_limit_tracking").execute())
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong("n")).isZero();
        try (Connection c = OwnerDb.connect(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 'security_barrier=true' = any(reloptions) from pg_class"
                    + " where relname = 'rate_limit_tracking' and relnamespace = current_schema()::regnamespace");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("security barrier").isTrue();
        }
    }

    private String databaseMinute() {
        return pool.query("select date_trunc('minute', now())::text as m").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString("m");
    }
}
