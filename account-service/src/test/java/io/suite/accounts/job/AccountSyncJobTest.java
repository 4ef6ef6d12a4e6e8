package io.suite.accounts.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.common.vertx.VertxContext;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.testing.InjectWireMock;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** PENDING accounts are polled again by the follow-up sync job (leases per user), and become active when Amazon is done. */
@QuarkusTest
class AccountSyncJobTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    AccountSyncJob job;

    @Inject
    Vertx vertx;

    @Test
    void pendingAccountsArePolledAgainUntilCreated() throws Exception {
        UUID user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
        String id = "amzn1.ads-account.g.pending-" + user;
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.listaccountsresource.v1+json")
                .withBody("{\"adsAccounts\":[{\"adsAccountId\":\"" + id + "\",\"accountName\":\"P\",\"status\":\"PENDING\"}]}")));
        for (String r : new String[] { "na", "eu", "fe" }) {
            wireMock.stubFor(get("/ads/" + r + "/v2/profiles").withHeader("Authorization", auth).willReturn(WireMock.okJson("[]")));
        }
        String run = given().header("Authorization", Users.bearer(user)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "success".equals(given().header("Authorization", Users.bearer(user))
                .get("/api/v1/accounts/sync/" + run).then().extract().path("status")));

        // Amazon finished creating it; the re-poll is due (moved into the past rather than waiting for it)
        wireMock.stubFor(get("/ads/na/adsAccounts/" + id).withHeader("Authorization", auth).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.accountresource.v1+json")
                .withBody("{\"adsAccount\":{\"adsAccountId\":\"" + id + "\",\"accountName\":\"P\",\"status\":\"CREATED\"}}")));
        try (Connection c = OwnerDb.connect()) {
            ResultSet rs = c.createStatement().executeQuery("select due_at is not null from account_sync_schedule where user_id = '"
                    + user + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("the pending account put the user on the schedule").isTrue();
            c.createStatement()
                    .execute("update user_accounts set next_sync_at = now() - interval '1 second' where user_id = '" + user + "'");
            c.createStatement()
                    .execute("update account_sync_schedule set due_at = now() - interval '1 second' where user_id = '" + user + "'");
        }
        var synced = job.runOnce().await().atMost(Duration.ofSeconds(30));
        assertThat(synced).contains(user);
        wireMock.verify(1, getRequestedFor(urlEqualTo("/ads/na/adsAccounts/" + id)));
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts").then()
                .body("items[0].status", org.hamcrest.Matchers.equalTo("active"))
                .body("items[0].sync_status", org.hamcrest.Matchers.equalTo("completed"));
        try (Connection c = OwnerDb.connect()) {
            ResultSet rs = c.createStatement().executeQuery("select sync_type, sync_status from account_sync_history where user_id = '"
                    + user + "' order by started_at desc limit 1");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("scheduled");
            assertThat(rs.getString(2)).isEqualTo("success");
            rs = c.createStatement().executeQuery("select due_at > now() + interval '30 minutes', lease_owner from account_sync_schedule"
                    + " where user_id = '" + user + "'");
            rs.next();
            assertThat(rs.getBoolean(1)).as("next look at the regular interval").isTrue();
            assertThat(rs.getString(2)).as("lease released").isNull();
        }
        // not due any more: a second round leaves the user alone
        assertThat(job.runOnce().await().atMost(Duration.ofSeconds(30))).doesNotContain(user);
    }

    @Test
    void aScheduledRoundTellsAmazonItsOwnCorrelationId() throws Exception {
        UUID user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
        String id = "amzn1.ads-account.g.scheduled-" + user;
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.listaccountsresource.v1+json")
                .withBody("{\"adsAccounts\":[{\"adsAccountId\":\"" + id + "\",\"accountName\":\"S\",\"status\":\"PENDING\"}]}")));
        for (String r : new String[] { "na", "eu", "fe" }) {
            wireMock.stubFor(get("/ads/" + r + "/v2/profiles").withHeader("Authorization", auth).willReturn(WireMock.okJson("[]")));
        }
        wireMock.stubFor(get("/ads/na/adsAccounts/" + id).withHeader("Authorization", auth).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.accountresource.v1+json")
                .withBody("{\"adsAccount\":{\"adsAccountId\":\"" + id + "\",\"accountName\":\"S\",\"status\":\"CREATED\"}}")));
        String run = given().header("Authorization", Users.bearer(user)).header(CorrelationId.HEADER, "the-first-sync")
                .contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "success".equals(given().header("Authorization", Users.bearer(user))
                .get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
        try (Connection c = OwnerDb.connect()) {
            c.createStatement()
                    .execute("update user_accounts set next_sync_at = now() - interval '1 second' where user_id = '" + user + "'");
            c.createStatement()
                    .execute("update account_sync_schedule set due_at = now() - interval '1 second' where user_id = '" + user + "'");
        }

        // as the scheduler runs it: on a context of its own, where no request bound an id
        CompletableFuture<Void> round = new CompletableFuture<>();
        VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext())
                .runOnContext(ignored -> job.scheduled().subscribe().with(round::complete, round::completeExceptionally));
        assertThat(round).succeedsWithin(Duration.ofSeconds(30));

        var polled = wireMock.findAll(getRequestedFor(urlEqualTo("/ads/na/adsAccounts/" + id)));
        assertThat(polled).hasSize(1);
        assertThat(polled.get(0).getHeader(CorrelationId.HEADER)).as("the round's own id")
                .matches("[0-9a-f-]{36}").isNotEqualTo("the-first-sync");
    }

    @Test
    void aNewConnectionsFirstSyncIsQueuedWithItAndTheJobRunsItUntilTheAccountsAreListed() throws Exception {
        UUID user = UUID.randomUUID();
        // the callback stores the request with the tokens; here it starts nothing (start-on-connect is off in tests),
        // as when the instance that took the callback dies before the run begins
        Users.connect(wireMock, user, 3600);
        try (Connection c = OwnerDb.connect()) {
            ResultSet rs = c.createStatement().executeQuery("select full_sync_pending, due_at is not null from account_sync_schedule"
                    + " where user_id = '" + user + "'");
            assertThat(rs.next()).as("the connect put the user on the schedule").isTrue();
            assertThat(rs.getBoolean(1)).as("first sync pending").isTrue();
            assertThat(rs.getBoolean(2)).as("due").isTrue();
        }
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        for (String r : new String[] { "na", "eu", "fe" }) {
            wireMock.stubFor(get("/ads/" + r + "/v2/profiles").withHeader("Authorization", auth).willReturn(WireMock.okJson("[]")));
        }
        // Amazon fails the first attempt: the run fails, the request stays
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth)
                .willReturn(aResponse().withStatus(500).withBody("{\"code\":\"INTERNAL_ERROR\"}")));
        makeDue(user);
        assertThat(job.runOnce().await().atMost(Duration.ofSeconds(30))).contains(user);
        assertThat(pendingAndLatestRun(user)).containsExactly("true", "failed");

        String a = "amzn1.ads-account.g.first-a-" + user;
        String b = "amzn1.ads-account.g.first-b-" + user;
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth).willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.listaccountsresource.v1+json")
                .withBody("{\"adsAccounts\":[{\"adsAccountId\":\"" + a + "\",\"accountName\":\"First A\",\"status\":\"CREATED\"},"
                        + "{\"adsAccountId\":\"" + b + "\",\"accountName\":\"First B\",\"status\":\"CREATED\"}]}")));
        makeDue(user);
        assertThat(job.runOnce().await().atMost(Duration.ofSeconds(30))).contains(user);
        assertThat(pendingAndLatestRun(user)).containsExactly("false", "success");
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts").then().statusCode(200)
                .body("items.name", org.hamcrest.Matchers.containsInAnyOrder("First A", "First B"));
        // done: the accounts are next due at the regular interval, so the next round leaves the user alone
        assertThat(job.runOnce().await().atMost(Duration.ofSeconds(30))).doesNotContain(user);
    }

    private static void makeDue(UUID user) throws Exception {
        try (Connection c = OwnerDb.connect()) {
            c.createStatement()
                    .execute("update account_sync_schedule set due_at = now() - interval '1 second' where user_id = '" + user + "'");
        }
    }

    /** The user's full_sync_pending and the status of their latest run. */
    private static List<String> pendingAndLatestRun(UUID user) throws Exception {
        try (Connection c = OwnerDb.connect()) {
            ResultSet rs = c.createStatement().executeQuery("select s.full_sync_pending, (select sync_status from account_sync_history"
                    + " h where h.user_id = s.user_id order by started_at desc limit 1) from account_sync_schedule s where s.user_id = '"
                    + user + "'");
            assertThat(rs.next()).isTrue();
            return List.of(String.valueOf(rs.getBoolean(1)), String.valueOf(rs.getString(2)));
        }
    }
}
