package io.suite.accounts.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.AdsAccount;
import io.suite.accounts.repository.AccountRepository.Position;
import io.suite.accounts.repository.AccountRepository.Sort;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** user_accounts on the real schema, through the app role: row-level security, idempotent upserts, keyset pages, labels. */
@QuarkusTest
class AccountRepositoryTest {

    @Inject
    AccountRepository accounts;
    @Inject
    Tenancy tenancy;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aUserSeesOnlyTheirOwnAccounts() {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        upsert(owner, ads("amzn1.ads-account.g.own1", "Own", "CREATED"));
        as(stranger, c -> Uni.createFrom().voidItem());

        assertThat(rows(owner, accounts::all)).extracting(Account::amazonAccountId).containsExactly("amzn1.ads-account.g.own1");
        assertThat(rows(stranger, accounts::all)).as("RLS hides another user's rows").isEmpty();
        UUID id = as(owner, accounts::all).get(0).id();
        assertThat(rows(stranger, c -> accounts.byIds(c, List.of(id)))).isEmpty();
        assertThat(changed(stranger, c -> accounts.disconnect(c, id))).as("nor can they be changed").isZero();
    }

    @Test
    void upsertingTheSameAccountsAgainUpdatesInsteadOfDuplicating() {
        UUID user = UUID.randomUUID();
        upsert(user, ads("amzn1.ads-account.g.a", "First name", "PENDING"));
        upsert(user, ads("amzn1.ads-account.g.a", "Renamed", "CREATED"));

        assertThat(rows(user, accounts::all)).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Renamed");
            assertThat(a.status()).isEqualTo("active");
            assertThat(a.amazonStatus()).isEqualTo("CREATED");
            assertThat(a.syncStatus()).isEqualTo("completed");
            assertThat(a.countryCodes()).containsExactly("US");
            assertThat(a.nextSyncAt()).isEqualTo(now.plus(Duration.ofHours(24)));
        });
    }

    @Test
    void aDisconnectedAccountStaysInactiveWhenAmazonStillListsIt() {
        UUID user = UUID.randomUUID();
        upsert(user, ads("amzn1.ads-account.g.d", "Gone", "CREATED"));
        UUID id = as(user, accounts::all).get(0).id();
        assertThat(changed(user, c -> accounts.disconnect(c, id))).isEqualTo(1);
        assertThat(changed(user, c -> accounts.disconnect(c, id))).as("a second disconnect changes nothing").isZero();

        upsert(user, ads("amzn1.ads-account.g.d", "Gone", "CREATED"));
        Account a = as(user, accounts::all).get(0);
        assertThat(a.status()).isEqualTo("inactive");
        assertThat(a.disconnectedAt()).isNotNull();
        assertThat(a.nextSyncAt()).as("no more syncs").isNull();
        assertThat(tenancy.asUser(user, accounts::connectedCount).await().atMost(Duration.ofSeconds(10))).isZero();
    }

    @Test
    void keysetPagesFollowEachOtherWithoutGapsOrRepeats() {
        UUID user = UUID.randomUUID();
        upsert(user, ads("amzn1.ads-account.g.p3", "Charlie", "CREATED"), ads("amzn1.ads-account.g.p1", "Alpha", "CREATED"),
                ads("amzn1.ads-account.g.p2", "Bravo", "DISABLED"));

        List<Account> first = as(user, c -> accounts.page(c, null, null, Sort.NAME, false, null, 2));
        assertThat(first).extracting(Account::name).containsExactly("Alpha", "Bravo");
        Account last = first.get(1);
        Position after = new Position(AccountRepository.keysOf(last, Sort.NAME), last.id());
        assertThat(rows(user, c -> accounts.page(c, null, null, Sort.NAME, false, after, 2))).extracting(Account::name)
                .containsExactly("Charlie");
        assertThat(rows(user, c -> accounts.page(c, null, null, Sort.NAME, true, null, 3))).extracting(Account::name)
                .containsExactly("Charlie", "Bravo", "Alpha");
        assertThat(rows(user, c -> accounts.page(c, null, "rav", Sort.NAME, false, null, 10))).extracting(Account::name)
                .as("name filter").containsExactly("Bravo");
    }

    @Test
    void labelsMergeAndANullRemovesOneButNeverBeyondTheLimit() {
        UUID user = UUID.randomUUID();
        upsert(user, ads("amzn1.ads-account.g.l", "Labelled", "CREATED"));
        UUID id = as(user, accounts::all).get(0).id();

        assertThat(changed(user, c -> accounts.setLabels(c, id, new JsonObject().put("team", "eu").put("tier", "gold"), 2))).isEqualTo(1);
        assertThat(changed(user, c -> accounts.setLabels(c, id, new JsonObject().put("owner", "kim"), 2)))
                .as("a third label over a limit of two is refused").isZero();
        assertThat(changed(user, c -> accounts.setLabels(c, id, new JsonObject().putNull("tier").put("owner", "kim"), 2))).isEqualTo(1);
        assertThat(labels(user, id)).isEqualTo(new JsonObject().put("team", "eu").put("owner", "kim"));
    }

    private JsonObject labels(UUID user, UUID id) {
        return as(user, c -> c.preparedQuery("select metadata -> 'labels' as labels from user_accounts where id = $1")
                .execute(Tuple.of(id)).map(rows -> (JsonObject) rows.iterator().next().getValue("labels")));
    }

    private void upsert(UUID user, AdsAccount... ads) {
        as(user, c -> accounts.upsert(c, user, null, List.of(ads), now, now.plus(Duration.ofHours(24)), now.plus(Duration.ofMinutes(5))));
    }

    private static AdsAccount ads(String id, String name, String status) {
        return new AdsAccount(id, name, status, List.of("US"), List.of(), JsonNodeFactory.instance.objectNode().put("adsAccountId", id));
    }

    private List<Account> rows(UUID user, Function<SqlConnection, Uni<List<Account>>> query) {
        return as(user, query);
    }

    private int changed(UUID user, Function<SqlConnection, Uni<Integer>> update) {
        return as(user, update);
    }

    private <T> T as(UUID user, Function<SqlConnection, Uni<T>> work) {
        return tenancy.asKnownUser(user, work).await().atMost(Duration.ofSeconds(10));
    }
}
