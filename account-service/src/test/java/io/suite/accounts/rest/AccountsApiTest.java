package io.suite.accounts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.suite.accounts.job.SyncRunLeaseJob;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.SubjectQuotas;
import io.suite.resilience.budget.UpstreamUsage;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** The accounts API end to end: connect, sync against WireMock's Ads API, list, profiles, batch, sync-health. */
@QuarkusTest
class AccountsApiTest {

    static final String VND = "application/vnd.listaccountsresource.v1+json";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    SyncRunLeaseJob leaseJob;

    @Inject
    SubjectQuotas quotas;

    @Inject
    UpstreamUsage usage;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    UUID user;

    @BeforeEach
    void connectedUser() {
        user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
    }

    static String fixture(String name) {
        try (InputStream in = AccountsApiTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ads stubs for this user only (matched on its own access token). */
    void stubAds(String accountsJson) {
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth)
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody(accountsJson)));
        wireMock.stubFor(get("/ads/na/v2/profiles").withHeader("Authorization", auth).willReturn(okJson(fixture("profiles_na.json"))));
        wireMock.stubFor(get("/ads/eu/v2/profiles").withHeader("Authorization", auth).willReturn(okJson("""
                [{"profileId":1000000000000001,"countryCode":"UK","currencyCode":"GBP","timezone":"Europe/London",
                  "accountInfo":{"marketplaceStringId":"A1F83G8C2ARO7P","id":"ENTITYUK","type":"vendor","name":"UK vendor",
                  "validPaymentMethod":true}}]""")));
        wireMock.stubFor(get("/ads/fe/v2/profiles").withHeader("Authorization", auth).willReturn(okJson("[]")));
    }

    static String account(String id, String name, String status) {
        return "{\"adsAccountId\":\"amzn1.ads-account.g." + id + "\",\"accountName\":\"" + name + "\",\"status\":\"" + status
                + "\",\"countryCodes\":[\"US\"],\"alternateIds\":[{\"countryCode\":\"US\",\"profileId\":1}]}";
    }

    static final String FIVE = "{\"adsAccounts\":[" + String.join(",", account("e", "Echo", "CREATED"),
            account("a", "alpha", "CREATED"), account("c", "Charlie", "PENDING"), account("d", "Delta", "PARTIALLY_CREATED"),
            account("b", "Bravo", "DISABLED")) + "]}";

    String auth() {
        return Users.bearer(user);
    }

    JsonPath syncAndWait(Map<String, Object> body) {
        String run = given().header("Authorization", auth()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> !"started".equals(given().header("Authorization", auth())
                .get("/api/v1/accounts/sync/" + run).then().statusCode(200).extract().path("status")));
        return given().header("Authorization", auth()).get("/api/v1/accounts/sync/" + run).then().extract().jsonPath();
    }

    List<Map<String, Object>> allPages(String query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            var spec = given().header("Authorization", auth());
            if (next != null) {
                spec = spec.queryParam("next_token", next);
            }
            JsonPath page = spec.get("/api/v1/accounts?" + query).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            next = page.getString("next_token");
            pages++;
        } while (next != null && pages < 50);
        return all;
    }

    @Test
    void syncStoresAccountsWithMappedStatusesAndRecordsTheRun() throws Exception {
        stubAds(FIVE);
        JsonPath run = syncAndWait(Map.of());
        assertThat(run.getString("status")).isEqualTo("success");
        assertThat(run.getInt("accounts_total")).isEqualTo(5);
        assertThat(run.getInt("accounts_synced")).isEqualTo(5);
        assertThat(run.getInt("profiles_synced")).isEqualTo(5);

        List<Map<String, Object>> all = allPages("limit=50");
        Map<String, String> statuses = new TreeMap<>();
        all.forEach(a -> statuses.put((String) a.get("name"), (String) a.get("status")));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", "active", "Echo", "active", "Charlie", "pending",
                "Delta", "pending", "Bravo", "suspended"));
        // PENDING and PARTIALLY_CREATED are polled again soon, the others at the regular interval
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select account_name, sync_status, next_sync_at < now() + interval '1 minute' as soon from user_accounts"
                                + " where user_id = '" + user + "'")) {
            while (rs.next()) {
                boolean pending = List.of("Charlie", "Delta").contains(rs.getString(1));
                assertThat(rs.getBoolean(3)).as(rs.getString(1)).isEqualTo(pending);
                assertThat(rs.getString(2)).isEqualTo(pending ? "pending" : "completed");
            }
            ResultSet h = c.createStatement().executeQuery("select count(*) from account_sync_history where user_id = '" + user + "'");
            h.next();
            assertThat(h.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void listFiltersSortsAndPagesWithACursor() {
        stubAds(FIVE);
        syncAndWait(Map.of());
        given().header("Authorization", auth()).get("/api/v1/accounts?status=active").then().statusCode(200)
                .body("items", hasSize(2)).body("items.status", org.hamcrest.Matchers.everyItem(equalTo("active")));
        given().header("Authorization", auth()).get("/api/v1/accounts?status=pending").then().body("items", hasSize(2));

        List<Map<String, Object>> byName = allPages("sort=name&limit=2");
        assertThat(byName).extracting(a -> (String) a.get("name")).containsExactly("Bravo", "Charlie", "Delta", "Echo", "alpha");
        List<Map<String, Object>> byNameDesc = allPages("sort=name&order=desc&limit=2");
        assertThat(byNameDesc).extracting(a -> (String) a.get("name")).containsExactly("alpha", "Echo", "Delta", "Charlie", "Bravo");
        List<Map<String, Object>> byStatus = allPages("sort=status&limit=2");
        assertThat(byStatus).extracting(a -> (String) a.get("status"))
                .containsExactly("active", "active", "pending", "pending", "suspended");
        List<Map<String, Object>> bySync = allPages("sort=last_sync&limit=3");
        assertThat(bySync).hasSize(5);
        assertThat(bySync).extracting(a -> (String) a.get("last_synced_at")).isSortedAccordingTo(Comparator.naturalOrder());
        List<Map<String, Object>> activeByName = allPages("status=active&sort=name&limit=1");
        assertThat(activeByName).extracting(a -> (String) a.get("name")).containsExactly("Echo", "alpha");
    }

    @Test
    void badQueryParametersAreProblemsNamingTheField() {
        given().header("Authorization", auth()).get("/api/v1/accounts?status=deleted").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().header("Authorization", auth()).get("/api/v1/accounts?sort=age").then().statusCode(400)
                .body("errors[0].field", equalTo("sort"));
        given().header("Authorization", auth()).get("/api/v1/accounts?next_token=garbage!").then().statusCode(400)
                .body("errors[0].field", equalTo("next_token"));
        given().header("Authorization", auth()).get("/api/v1/accounts?limit=0").then().statusCode(400);
        given().header("Authorization", auth()).get("/api/v1/accounts?limit=1000").then().statusCode(400);
    }

    /** Issue 15 items 2, 10 and 12 through the API: each is a 400 (or 401) naming the field, never a 500. */
    @Test
    void absurdNumbersLenientIdsBrokenTextAndForgedCursorsAreRefused() {
        // UUID.fromString("1-1-1-1-1") is 00000001-0001-0001-0001-000000000001: such a subject used to become a tenant
        for (String subject : List.of("1-1-1-1-1", "00000001-0001-0001-0001-1", "123e4567e89b12d3a456426614174000")) {
            given().header("Authorization", "Bearer " + JwtKeys.tokenWithSubject(subject, "user")).get("/api/v1/accounts")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().header("Authorization", "Bearer " + JwtKeys.tokenWithSubject(user.toString().toUpperCase(), "user"))
                .get("/api/v1/accounts").then().statusCode(200);
        for (String id : List.of("1-1-1-1-1", "zzz")) {
            given().header("Authorization", auth()).get("/api/v1/accounts/sync/" + id).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("runId"));
        }
        for (String limit : List.of("1e400000000", "99999999999999999999999", "NaN")) {
            given().header("Authorization", auth()).urlEncodingEnabled(false).get("/api/v1/accounts?limit=" + limit)
                    .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        }
        for (String q : List.of("a%00b", "%C3%28", "%ED%A0%80")) {
            given().header("Authorization", auth()).urlEncodingEnabled(false).get("/api/v1/accounts?q=" + q)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("q"));
        }
        // a position the client wrote itself: valid cursor JSON, without or with a made-up signature
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"i\":1}".getBytes());
        for (String token : List.of(forged, forged + ".AAAAAAAAAAAAAAAAAAAAAA")) {
            given().header("Authorization", auth()).queryParam("next_token", token).get("/api/v1/accounts")
                    .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
            given().header("Authorization", auth()).queryParam("next_token", token).get("/api/v1/accounts/amazon-profiles")
                    .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
        }
    }

    @Test
    void aCursorOfAnotherSortIsRefused() {
        stubAds(FIVE);
        syncAndWait(Map.of());
        String next = given().header("Authorization", auth()).get("/api/v1/accounts?sort=name&limit=1").then().extract()
                .path("next_token");
        given().header("Authorization", auth()).queryParam("next_token", next).get("/api/v1/accounts?sort=status&limit=1")
                .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
    }

    @Test
    void profilesArePagedInAStableOrderOverEveryRegion() {
        stubAds(FIVE);
        // first call with nothing stored: fetched from every region, then served from the database
        List<Long> ids = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            var spec = given().header("Authorization", auth()).queryParam("limit", 2);
            if (next != null) {
                spec = spec.queryParam("next_token", next);
            }
            JsonPath page = spec.get("/api/v1/accounts/amazon-profiles").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.profile_id", Long.class));
            next = page.getString("next_token");
            pages++;
        } while (next != null);
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(5).isSorted().doesNotHaveDuplicates();
        wireMock.verify(1, getRequestedFor(urlEqualTo("/ads/eu/v2/profiles")).withHeader("Authorization",
                WireMock.equalTo("Bearer " + Users.accessToken(user))));
        given().header("Authorization", auth()).queryParam("limit", 5).get("/api/v1/accounts/amazon-profiles").then()
                .body("items[0].region", equalTo("EU")).body("items[0].country_code", equalTo("UK"));
    }

    @Test
    void anotherUserSeesNoneOfItAndCannotReadTheRun() {
        stubAds(FIVE);
        String runId = syncAndWait(Map.of()).getString("run_id");
        UUID other = UUID.randomUUID();
        given().header("Authorization", Users.bearer(other)).get("/api/v1/accounts").then().statusCode(200).body("items", hasSize(0));
        given().header("Authorization", Users.bearer(other)).get("/api/v1/accounts/sync/" + runId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void batchGivesAResultPerIdAndDisconnectingTheLastAccountRevokesTheTokens() throws Exception {
        stubAds("{\"adsAccounts\":[" + account("x1", "X1", "CREATED") + "," + account("x2", "X2", "CREATED") + "]}");
        syncAndWait(Map.of());
        List<String> ids = given().header("Authorization", auth()).get("/api/v1/accounts?sort=name").then().extract()
                .path("items.id");
        String unknown = UUID.randomUUID().toString();

        JsonPath update = given().header("Authorization", auth()).contentType(ContentType.JSON)
                .body(Map.of("action", "update", "ids", List.of(ids.get(0), unknown), "labels", Map.of("team", "emea")))
                .post("/api/v1/accounts/batch").then().statusCode(200).extract().jsonPath();
        assertThat(update.getList("results.outcome")).containsExactly("updated", "not_found");

        wireMock.stubFor(get("/ads/na/adsAccounts/amzn1.ads-account.g.x2").willReturn(aResponse()
                .withHeader("Content-Type", "application/vnd.accountresource.v1+json")
                .withBody("{\"adsAccount\":" + account("x2", "X2 renamed", "CREATED") + "}")));
        JsonPath sync = given().header("Authorization", auth()).contentType(ContentType.JSON)
                .body(Map.of("action", "sync", "ids", List.of(ids.get(1)))).post("/api/v1/accounts/batch").then().statusCode(200)
                .extract().jsonPath();
        assertThat(sync.getString("results[0].outcome")).isEqualTo("accepted");
        String run = sync.getString("results[0].run_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "success".equals(given().header("Authorization", auth())
                .get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
        wireMock.verify(getRequestedFor(urlEqualTo("/ads/na/adsAccounts/amzn1.ads-account.g.x2"))
                .withHeader("Accept", WireMock.equalTo("application/vnd.accountresource.v1+json")));
        given().header("Authorization", auth()).get("/api/v1/accounts?sort=name").then().body("items[1].name", equalTo("X2 renamed"));

        JsonPath first = given().header("Authorization", auth()).contentType(ContentType.JSON)
                .body(Map.of("action", "disconnect", "ids", List.of(ids.get(0), unknown))).post("/api/v1/accounts/batch")
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("results.outcome")).containsExactly("disconnected", "not_found");
        assertThat(tokenRevoked()).isFalse();
        given().header("Authorization", auth()).contentType(ContentType.JSON)
                .body(Map.of("action", "disconnect", "ids", List.of(ids.get(1)))).post("/api/v1/accounts/batch")
                .then().statusCode(200).body("results[0].outcome", equalTo("disconnected"));
        assertThat(tokenRevoked()).isTrue();
        given().header("Authorization", auth()).get("/api/v1/accounts?status=inactive").then().body("items", hasSize(2))
                .body("items.connected", org.hamcrest.Matchers.everyItem(equalTo(false)));
        given().header("Authorization", auth()).contentType(ContentType.JSON).body(Map.of("action", "explode", "ids", List.of(unknown)))
                .post("/api/v1/accounts/batch").then().statusCode(400).body("errors[0].field", equalTo("action"));
    }

    @Test
    void aSyncOfAConnectionThatNeedsReauthorisationIs409NamingTheReconnect() throws Exception {
        try (Connection c = OwnerDb.connect()) {
            c.createStatement().executeUpdate("update oauth_tokens set needs_reauth = true where user_id = '" + user + "'");
        }
        given().header("Authorization", auth()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/accounts/sync").then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("reauthorization-required"))
                .body("detail", containsString("/api/v1/auth/amazon/authorize?reconnect=true"));
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("select count(*) from account_sync_history where user_id = '" + user + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("no run was started").isZero();
        }
    }

    boolean tokenRevoked() throws Exception {
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select revoked_at is not null and access_token_enc is null and refresh_token_enc is null from oauth_tokens"
                                + " where user_id = '" + user + "'")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void syncHealthColoursAccountsAndCountsFailureStreaks() {
        stubAds("{\"adsAccounts\":[" + account("h1", "H1", "CREATED") + "," + account("h2", "H2", "CREATED") + "]}");
        syncAndWait(Map.of());
        given().header("Authorization", auth()).get("/api/v1/accounts/sync-health").then().statusCode(200)
                .body("overall", equalTo("green")).body("counts.green", equalTo(2))
                .body("thresholds.red_failures", equalTo("3"));
        String h2 = given().header("Authorization", auth()).get("/api/v1/accounts?sort=name").then().extract().path("items[1].id");
        wireMock.stubFor(get("/ads/na/adsAccounts/amzn1.ads-account.g.h2").willReturn(aResponse().withStatus(500)));
        JsonPath run = syncAndWait(Map.of("account_ids", List.of(h2)));
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getInt("accounts_failed")).isEqualTo(1);
        assertThat(run.getMap("error_details")).containsKey(h2);
        // every retry of the guard was made (5 attempts), then the account was marked failed
        wireMock.verify(5, getRequestedFor(urlEqualTo("/ads/na/adsAccounts/amzn1.ads-account.g.h2")));
        JsonPath health = given().header("Authorization", auth()).get("/api/v1/accounts/sync-health").then().extract().jsonPath();
        assertThat(health.getString("overall")).isEqualTo("amber");
        assertThat(health.getString("accounts.find { it.id == '" + h2 + "' }.colour")).isEqualTo("amber");
        assertThat(health.getInt("accounts.find { it.id == '" + h2 + "' }.failure_streak")).isEqualTo(1);
        assertThat(health.getString("accounts.find { it.id == '" + h2 + "' }.last_error")).contains("500");
        syncAndWait(Map.of("account_ids", List.of(h2)));
        syncAndWait(Map.of("account_ids", List.of(h2)));
        given().header("Authorization", auth()).get("/api/v1/accounts/sync-health").then()
                .body("overall", equalTo("red")).body("counts.red", equalTo(1)).body("counts.green", equalTo(1));
    }

    @Test
    void syncHealthSaysPerEndpointWhenTheLastLimitHitCameAndItsRetryAfter() {
        // two replicas' usage counts for this user, each on its own clock; the one with the later 429 flushes first:
        // the later 429 and its Retry-After still win
        Instant t1 = Instant.parse("2026-12-06T01:02:03.123456Z");
        Instant t2 = t1.plusSeconds(61).plusNanos(987_000);
        UpstreamUsage replicaB = new UpstreamUsage(pool, meters, Clock.fixed(t2, ZoneOffset.UTC));
        replicaB.recordLimitHit("ads", "POST /adsAccounts/list", user.toString(), Duration.ofSeconds(5));
        replicaB.flush().await().atMost(Duration.ofSeconds(10));
        UpstreamUsage replicaA = new UpstreamUsage(pool, meters, Clock.fixed(t1, ZoneOffset.UTC));
        replicaA.recordLimitHit("ads", "POST /adsAccounts/list", user.toString(), Duration.ofSeconds(30));
        replicaA.record("ads", "POST /adsAccounts/list", user.toString(), UpstreamUsage.Outcome.CALL);
        replicaA.record("ads", "GET /v2/profiles", user.toString(), UpstreamUsage.Outcome.CALL);
        replicaA.flush().await().atMost(Duration.ofSeconds(10));

        JsonPath health = given().header("Authorization", auth()).get("/api/v1/accounts/sync-health").then().statusCode(200)
                .extract().jsonPath();
        String list = "rate_limits.find { it.upstream == 'ads' && it.endpoint == 'POST /adsAccounts/list' }";
        assertThat(health.getLong(list + ".request_count")).isEqualTo(3);
        assertThat(health.getLong(list + ".limit_hit_count")).isEqualTo(2);
        assertThat(health.getString(list + ".last_limit_hit")).as("exact, not the minute's end").isEqualTo(t2.toString())
                .isEqualTo("2026-12-06T01:03:04.124443Z");
        assertThat(health.getInt(list + ".retry_after_seconds")).isEqualTo(5);
        String profiles = "rate_limits.find { it.upstream == 'ads' && it.endpoint == 'GET /v2/profiles' }";
        assertThat(health.getLong(profiles + ".request_count")).isEqualTo(1);
        assertThat(health.getLong(profiles + ".limit_hit_count")).isZero();
        assertThat(health.getMap(profiles)).containsEntry("last_limit_hit", null).containsEntry("retry_after_seconds", null);
        // another user's usage is not the caller's
        assertThat(given().header("Authorization", Users.bearer(UUID.randomUUID())).get("/api/v1/accounts/sync-health").then()
                .statusCode(200).extract().jsonPath().getList("rate_limits")).isEmpty();
    }

    @Test
    void aThrottledSyncShowsInSyncHealthWithTheUpstreamsRetryAfter() {
        stubAds("{\"adsAccounts\":[" + account("t1", "T1", "CREATED") + "]}");
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth).inScenario("throttled " + user)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"code\":\"429\",\"details\":\"Too Many Requests\"}"))
                .willSetStateTo("answered"));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth).inScenario("throttled " + user)
                .whenScenarioStateIs("answered")
                .willReturn(aResponse().withHeader("Content-Type", VND)
                        .withBody("{\"adsAccounts\":[" + account("t1", "T1", "CREATED") + "]}")));
        Instant before = clock.instant().truncatedTo(ChronoUnit.MICROS);
        assertThat(syncAndWait(Map.of()).getString("status")).isEqualTo("success");
        Instant after = clock.instant();
        usage.flush().await().atMost(Duration.ofSeconds(10));

        JsonPath health = given().header("Authorization", auth()).get("/api/v1/accounts/sync-health").then().statusCode(200)
                .extract().jsonPath();
        String list = "rate_limits.find { it.upstream == 'ads' && it.endpoint == 'POST /adsAccounts/list' }";
        assertThat(health.getLong(list + ".limit_hit_count")).isEqualTo(1);
        assertThat(health.getLong(list + ".request_count")).isEqualTo(2);
        assertThat(health.getInt(list + ".retry_after_seconds")).isEqualTo(1);
        assertThat(Instant.parse(health.getString(list + ".last_limit_hit"))).isBetween(before, after);
    }

    String startSync(Map<String, Object> body) {
        return given().header("Authorization", auth()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
    }

    void awaitEnd(String run) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !"started".equals(given().header("Authorization", auth())
                .get("/api/v1/accounts/sync/" + run).then().statusCode(200).extract().path("status")));
    }

    @Test
    void aSecondFullSyncWhileOneRunsJoinsIt() {
        stubAds(FIVE);
        // a slow Ads API keeps the first run going while the same user asks again
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", WireMock.equalTo("Bearer " + Users.accessToken(user)))
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody(FIVE).withFixedDelay(1500)));
        String first = startSync(Map.of());
        assertThat(startSync(Map.of())).as("joins the running full sync").isEqualTo(first);
        awaitEnd(first);
        String next = startSync(Map.of());
        assertThat(next).as("a new run once the first has ended").isNotEqualTo(first);
        awaitEnd(next);
    }

    /** An account of this user written straight into the table (as if synced), for runs that do not need a list first. */
    static UUID seedAccount(UUID owner, String adsId) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = OwnerDb.connect()) {
            c.createStatement().execute("insert into users (id) values ('" + owner + "') on conflict do nothing");
            c.createStatement().execute("insert into user_accounts (id, user_id, amazon_account_id, account_name, status)"
                    + " values ('" + id + "', '" + owner + "', 'amzn1.ads-account.g." + adsId + "', 'Seeded', 'active')");
        }
        return id;
    }

    /** One POST /sync per body, all at once from their own threads: the answers. */
    static List<ExtractableResponse<Response>> concurrently(UUID who, int n,
            Map<String, Object> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return given().header("Authorization", Users.bearer(who)).contentType(ContentType.JSON).body(body)
                            .post("/api/v1/accounts/sync").then().extract();
                }));
            }
            go.countDown();
            List<ExtractableResponse<Response>> out = new ArrayList<>();
            for (var f : answers) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Issue 15 item 6: admission is atomic, one user holds at most 4 runs (429), another user still gets in, then 503. */
    @Test
    void runsAreCappedPerUserAndPerInstanceAtomically() throws Exception {
        wireMock.stubFor(get(WireMock.urlMatching("/ads/na/adsAccounts/amzn1\\.ads-account\\.g\\.slow-.*")).willReturn(aResponse()
                .withFixedDelay(10_000).withHeader("Content-Type", "application/vnd.accountresource.v1+json")
                .withBody("{\"adsAccount\":" + account("slow", "Slow", "CREATED") + "}")));
        UUID greedy = user;
        UUID other = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        Users.connect(wireMock, other, 3600);
        Users.connect(wireMock, third, 3600);
        UUID greedyAccount = seedAccount(greedy, "slow-g" + greedy);
        UUID otherAccount = seedAccount(other, "slow-o" + other);
        UUID thirdAccount = seedAccount(third, "slow-t" + third);

        var answers = concurrently(greedy, 24, Map.of("account_ids", List.of(greedyAccount)));
        List<String> accepted = answers.stream().filter(a -> a.statusCode() == 202).map(a -> a.<String> path("run_id")).toList();
        assertThat(accepted).as("runs of one user admitted at once").hasSize(4);
        for (var a : answers) {
            if (a.statusCode() != 202) {
                assertThat(a.statusCode()).isEqualTo(429);
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.header("Retry-After")).isEqualTo("10");
                assertThat(a.<String> path("type")).isEqualTo("urn:problem-type:too-many-requests");
            }
        }
        // another user is not starved by the first one's burst
        List<String> others = concurrently(other, 4, Map.of("account_ids", List.of(otherAccount))).stream()
                .peek(a -> assertThat(a.statusCode()).as("another user's run").isEqualTo(202)).map(a -> a.<String> path("run_id")).toList();
        // 8 runs going on this instance (its test cap): a third user is told the instance is busy
        var busy = given().header("Authorization", Users.bearer(third)).contentType(ContentType.JSON)
                .body(Map.of("account_ids", List.of(thirdAccount))).post("/api/v1/accounts/sync").then().extract();
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.<String> path("type")).isEqualTo("urn:problem-type:busy");
        assertThat(busy.header("Retry-After")).isEqualTo("10");

        accepted.forEach(this::awaitEnd);
        others.forEach(run -> await().atMost(Duration.ofSeconds(30)).until(() -> !"started".equals(given()
                .header("Authorization", Users.bearer(other)).get("/api/v1/accounts/sync/" + run).then().extract().path("status"))));
        // slots come back when runs end
        given().header("Authorization", Users.bearer(third)).contentType(ContentType.JSON)
                .body(Map.of("account_ids", List.of(thirdAccount))).post("/api/v1/accounts/sync").then().statusCode(202);
    }

    /** Issue 15 item 6: a full sync running on another replica (its lease is live) is joined, not run twice. */
    @Test
    void aFullSyncRunningOnAnotherReplicaIsJoined() throws Exception {
        UUID running = UUID.randomUUID();
        try (Connection c = OwnerDb.connect()) {
            c.createStatement().execute("insert into account_sync_history (id, user_id, sync_type, sync_status) values ('" + running
                    + "', '" + user + "', 'manual', 'started')");
            c.createStatement().execute("insert into sync_run_leases (run_id, user_id, full_sync, lease_owner, lease_until) values ('"
                    + running + "', '" + user + "', true, 'accounts-sync-run-other-replica', now() + interval '1 minute')");
        }
        assertThat(startSync(Map.of())).isEqualTo(running.toString());
        assertThat(startSync(Map.of())).isEqualTo(running.toString());
    }

    /** Issue 15 item 6: a run whose instance died (its lease ran out) is finished as failed by any replica. */
    @Test
    void aRunWhoseInstanceDiedIsFinishedAsFailedWhenItsLeaseRunsOut() throws Exception {
        UUID orphan = UUID.randomUUID();
        try (Connection c = OwnerDb.connect()) {
            c.createStatement().execute("insert into account_sync_history (id, user_id, sync_type, sync_status, started_at) values ('"
                    + orphan + "', '" + user + "', 'manual', 'started', now() - interval '5 minutes')");
            c.createStatement().execute("insert into sync_run_leases (run_id, user_id, full_sync, lease_owner, lease_until) values ('"
                    + orphan + "', '" + user + "', true, 'accounts-sync-run-killed', now() - interval '1 second')");
        }
        // the dead run does not count against the user, nor is it joined
        stubAds(FIVE);
        String fresh = startSync(Map.of());
        assertThat(fresh).isNotEqualTo(orphan.toString());
        assertThat(leaseJob.checkOnce().await().atMost(Duration.ofSeconds(20))).isGreaterThanOrEqualTo(1);
        JsonPath run = given().header("Authorization", auth()).get("/api/v1/accounts/sync/" + orphan).then().statusCode(200)
                .extract().jsonPath();
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("completed_at")).isNotNull();
        assertThat(run.getString("error_details.run")).contains("lease");
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from sync_run_leases where run_id = '" + orphan + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        awaitEnd(fresh);
    }

    /** Issue 15 item 6: a run that stalls (the Ads API never answering in time) ends failed after max-run-duration (15 s). */
    @Test
    void aStalledRunIsStoppedAndFinishedAsFailed() {
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth)
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody(FIVE).withFixedDelay(30_000)));
        String run = startSync(Map.of());
        await().atMost(Duration.ofSeconds(40)).until(() -> !"started".equals(given().header("Authorization", auth())
                .get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
        JsonPath result = given().header("Authorization", auth()).get("/api/v1/accounts/sync/" + run).then().extract().jsonPath();
        assertThat(result.getString("status")).isEqualTo("failed");
        assertThat(result.getString("error_details.run")).contains("did not finish within PT15S");
    }

    /** Issue 15 item 6: a user without profiles is answered from memory of the empty answer, not 3 Ads calls a request. */
    @Test
    void anEmptyProfilesAnswerIsRemembered() {
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        for (String region : List.of("na", "eu", "fe")) {
            wireMock.stubFor(get("/ads/" + region + "/v2/profiles").withHeader("Authorization", auth).willReturn(okJson("[]")));
        }
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", auth()).get("/api/v1/accounts/amazon-profiles").then().statusCode(200)
                    .body("items", hasSize(0));
        }
        for (String region : List.of("na", "eu", "fe")) {
            wireMock.verify(1, getRequestedFor(urlEqualTo("/ads/" + region + "/v2/profiles")).withHeader("Authorization", auth));
        }
    }

    /** Issue 15 item 8: the session cookie alone does not drive the JSON API; with the session's CSRF token it does. */
    @Test
    void theApiTakesTheSessionCookieOnlyWithTheCsrfToken() throws Exception {
        stubAds(FIVE);
        String session = JwtKeys.token(user, "user");
        given().cookie("suite_session", session).contentType(ContentType.JSON).post("/api/v1/accounts/sync").then()
                .statusCode(403).contentType("application/problem+json").body("type", equalTo("urn:problem-type:csrf-token-required"));
        given().cookie("suite_session", session).get("/api/v1/accounts").then().statusCode(403);
        given().cookie("suite_session", session).header("X-CSRF-Token", "forged").contentType(ContentType.JSON).body("{}")
                .post("/api/v1/accounts/sync").then().statusCode(403);
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from account_sync_history where user_id = '" + user + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("runs started by cookie-only requests").isZero();
        }
        String csrf = DashboardTest.attribute(given().cookie("suite_session", session).get("/dashboard").asString(), "data-csrf")
                .orElseThrow();
        String run = given().cookie("suite_session", session).header("X-CSRF-Token", csrf).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
        awaitEnd(run);
        // with the cookie present the session is the caller, bearer header or not: it still needs the token
        given().cookie("suite_session", session).header("Authorization", auth()).get("/api/v1/accounts").then().statusCode(403);
        given().header("Authorization", auth()).get("/api/v1/accounts").then().statusCode(200);
    }

    /** Issue 15 item 11: labels are bounded in count and size; an account keeps at most 50; a null value removes one. */
    @Test
    void labelsAreBoundedAndCanBeRemoved() throws Exception {
        stubAds("{\"adsAccounts\":[" + account("l1", "L1", "CREATED") + "]}");
        syncAndWait(Map.of());
        String id = given().header("Authorization", auth()).get("/api/v1/accounts").then().extract().path("items[0].id");
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            many.put("k" + i, "v");
        }
        update(id, many).statusCode(400).body("errors[0].field", equalTo("labels"));
        update(id, Map.of("k".repeat(51), "v")).statusCode(400).body("errors[0].field", equalTo("labels"));
        update(id, Map.of("team", "v".repeat(201))).statusCode(400).body("errors[0].field", equalTo("labels.team"));
        update(id, Map.of("team", "a\u0000b")).statusCode(400);
        // the probe's 3 x 814 KB no longer grows an account
        String big = "x".repeat(814 * 1024);
        for (int i = 0; i < 3; i++) {
            update(id, Map.of("blob" + i, big)).statusCode(400);
        }
        assertThat(metadataBytes(id)).isLessThan(20_000);

        for (int batch = 0; batch < 3; batch++) {
            Map<String, Object> twenty = new LinkedHashMap<>();
            for (int i = 0; i < 20 && batch * 20 + i < 50; i++) {
                twenty.put("label" + (batch * 20 + i), "value");
            }
            update(id, twenty).statusCode(200).body("results[0].outcome", equalTo("updated"));
        }
        update(id, Map.of("one-too-many", "v")).statusCode(200).body("results[0].outcome", equalTo("rejected"))
                .body("summary.rejected", equalTo(1));
        Map<String, Object> remove = new HashMap<>();
        remove.put("label0", null);
        update(id, remove).statusCode(200).body("results[0].outcome", equalTo("updated"));
        update(id, Map.of("one-too-many", "v")).statusCode(200).body("results[0].outcome", equalTo("updated"));
        assertThat(labelCount(id)).isEqualTo(50);
    }

    ValidatableResponse update(String id, Map<String, Object> labels) {
        Map<String, Object> body = new HashMap<>();
        body.put("action", "update");
        body.put("ids", List.of(id));
        body.put("labels", labels);
        return given().header("Authorization", auth()).contentType(ContentType.JSON).body(body).post("/api/v1/accounts/batch").then();
    }

    static int metadataBytes(String id) throws Exception {
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select pg_column_size(metadata) from user_accounts where id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static int labelCount(String id) throws Exception {
        try (Connection c = OwnerDb.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from user_accounts, jsonb_object_keys(metadata -> 'labels') where id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void syncOfUnknownIdsIsABadRequest() {
        given().header("Authorization", auth()).contentType(ContentType.JSON)
                .body(Map.of("account_ids", List.of(UUID.randomUUID().toString()))).post("/api/v1/accounts/sync")
                .then().statusCode(400).body("errors[0].field", equalTo("account_ids"));
    }

    /** Issue 15 item 4: a user over its fair share of the ads budget gets 429 + Retry-After; another user still syncs. */
    @Test
    void aUserOverItsShareOfTheAdsBudgetGets429WhileAnotherUserSyncs() throws Exception {
        SubjectQuotas.Share configured = quotas.shareOf("ads").orElseThrow();
        // the test budget is roomy (10000/1s): here one call an hour per user
        quotas.limits("ads", List.of(Limit.parse("1/1h")), Duration.ZERO);
        try {
            UUID other = UUID.randomUUID();
            Users.connect(wireMock, other, 3600);
            UUID mine = seedAccount(user, "fair-" + user);
            UUID theirs = seedAccount(other, "fair-" + other);
            for (UUID owner : List.of(user, other)) {
                wireMock.stubFor(get("/ads/na/adsAccounts/amzn1.ads-account.g.fair-" + owner).willReturn(aResponse()
                        .withHeader("Content-Type", "application/vnd.accountresource.v1+json")
                        .withBody("{\"adsAccount\":" + account("fair-" + owner, "Fair", "CREATED") + "}")));
            }
            awaitEnd(startSync(Map.of("account_ids", List.of(mine))));

            var refused = given().header("Authorization", auth()).contentType(ContentType.JSON)
                    .body(Map.of("account_ids", List.of(mine))).post("/api/v1/accounts/sync").then().extract();
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.<String> path("type")).isEqualTo("urn:problem-type:too-many-requests");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3_000L, 3_600L);
            assertThat(wireMock.findAll(getRequestedFor(urlEqualTo("/ads/na/adsAccounts/amzn1.ads-account.g.fair-" + user))))
                    .as("the refused sync made no upstream call").hasSize(1);

            String run = given().header("Authorization", Users.bearer(other)).contentType(ContentType.JSON)
                    .body(Map.of("account_ids", List.of(theirs))).post("/api/v1/accounts/sync").then().statusCode(202)
                    .extract().path("run_id");
            await().atMost(Duration.ofSeconds(30)).until(() -> !"started".equals(given().header("Authorization",
                    Users.bearer(other)).get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
            given().header("Authorization", Users.bearer(other)).get("/api/v1/accounts/sync/" + run).then()
                    .body("status", equalTo("success"));
        } finally {
            quotas.define(configured);
        }
    }
}
