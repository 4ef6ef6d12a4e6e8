package io.suite.accounts.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.domain.AccountStatus;
import io.suite.accounts.repository.AccountRepository;
import io.suite.accounts.repository.AccountRepository.Position;
import io.suite.accounts.repository.AccountRepository.Sort;
import io.suite.accounts.repository.Tenancy;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import jakarta.inject.Inject;

/**
 * A user with 10,000 accounts: every filter/sort/page of GET /api/v1/accounts is an index scan with no sort step
 * (keyset pagination over the composite indexes), so its cost does not grow with the account count. Its timing is
 * measured by the benchmark in deploy/bench, never asserted here.
 */
@QuarkusTest
class AccountListQueryPlanTest {

    @Inject
    Tenancy tenancy;

    @Test
    void listingTenThousandAccountsUsesTheIndexesWithoutSorting() throws Exception {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (Connection c = OwnerDb.connect()) {
            for (UUID u : List.of(user, other)) {
                c.createStatement().execute("insert into users (id) values ('" + u + "')");
                c.createStatement().execute("insert into user_accounts (user_id, amazon_account_id, account_name, status,"
                        + " sync_status, last_synced_at) select '" + u + "', 'amzn1.ads-account.g.' || i, 'Account ' || md5(i::text),"
                        + " (array['active','inactive','suspended','pending'])[1 + i % 4], 'completed',"
                        + " case when i % 10 = 0 then null else now() - i * interval '1 minute' end from generate_series(1, 10000) i");
            }
            c.createStatement().execute("analyze user_accounts");
        }
        Position after = new Position(List.of("Account 5"), UUID.fromString("00000000-0000-0000-0000-000000000000"));
        Position afterSync = new Position(List.of("2026-01-01T00:00:00Z"), UUID.fromString("00000000-0000-0000-0000-000000000000"));
        Position afterStatus = new Position(List.of("inactive", "Account 5"), UUID.fromString("00000000-0000-0000-0000-000000000000"));
        List<AccountRepository.Query> queries = new ArrayList<>();
        for (AccountStatus status : new AccountStatus[] { null, AccountStatus.ACTIVE }) {
            for (boolean desc : new boolean[] { false, true }) {
                queries.add(AccountRepository.pageQuery(status, Sort.NAME, desc, null, 51));
                queries.add(AccountRepository.pageQuery(status, Sort.NAME, desc, after, 51));
                queries.add(AccountRepository.pageQuery(status, Sort.LAST_SYNC, desc, null, 51));
                queries.add(AccountRepository.pageQuery(status, Sort.LAST_SYNC, desc, afterSync, 51));
                queries.add(AccountRepository.pageQuery(status, Sort.STATUS, desc, afterStatus, 51));
            }
        }
        for (AccountRepository.Query q : queries) {
            String plan = tenancy.asUser(user, c -> c.preparedQuery("explain " + q.sql()).execute(q.params())).map(rows -> {
                StringBuilder text = new StringBuilder();
                rows.forEach(r -> text.append(r.getString(0)).append('\n'));
                return text.toString();
            }).await().atMost(Duration.ofSeconds(10));
            assertThat(plan).as(q.sql() + "\n" + plan).contains("Index Scan").doesNotContain("Sort  (").doesNotContain("Seq Scan");
        }

        // and the API serves those pages, scoped to the caller (timings belong to deploy/bench, not to a test)
        String[] urls = { "/api/v1/accounts?status=active&sort=name&limit=50", "/api/v1/accounts?sort=last_sync&order=desc&limit=50",
                "/api/v1/accounts?status=pending&sort=status&limit=50", "/api/v1/accounts?sort=name&order=desc&limit=200" };
        for (String url : urls) {
            int size = given().header("Authorization", Users.bearer(user)).get(url).then().statusCode(200)
                    .extract().path("items.size()");
            assertThat(size).isPositive();
        }
    }
}
