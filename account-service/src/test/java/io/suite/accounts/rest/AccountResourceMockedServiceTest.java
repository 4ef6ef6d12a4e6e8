package io.suite.accounts.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.AccountStatus;
import io.suite.accounts.repository.AccountRepository.Sort;
import io.suite.accounts.service.AccountService;
import io.suite.accounts.service.SyncService;
import io.suite.accounts.support.Users;
import io.suite.resilience.paging.Page;
import io.suite.resilience.problem.ProblemException;

/**
 * The accounts endpoints alone, over mocked services: query parameters and bodies become the services' arguments, bad
 * ones are refused before a service is asked, and the services' answers and errors become the documented JSON. The
 * end-to-end behaviour (RLS, Ads, sync runs) is in {@link AccountsApiTest}.
 */
@QuarkusTest
class AccountResourceMockedServiceTest {

    @InjectMock
    AccountService accounts;
    @InjectMock
    SyncService sync;

    private final UUID user = UUID.randomUUID();

    @Test
    void filtersAndSortBecomeTheServiceArgumentsAndTheAnswerIsSnakeCase() {
        Account a = account("Shop DE");
        when(accounts.list(eq(user), eq(AccountStatus.ACTIVE), eq("shop"), eq(Sort.LAST_SYNC), eq(true), isNull(), eq(10)))
                .thenReturn(Uni.createFrom().item(new Page<>(List.of(a), "next-page")));

        given().header("Authorization", Users.bearer(user)).queryParam("status", "active").queryParam("q", "shop")
                .queryParam("sort", "last_sync").queryParam("order", "desc").queryParam("limit", 10)
                .when().get("/api/v1/accounts").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(a.id().toString()))
                .body("items[0].amazon_account_id", equalTo(a.amazonAccountId()))
                .body("items[0].sync_status", equalTo("completed"))
                .body("items[0].connected", equalTo(true))
                .body("next_token", equalTo("next-page"));
    }

    @Test
    void anUnknownSortOrStatusIsA400NamingItAndTheServiceIsNotAsked() {
        given().header("Authorization", Users.bearer(user)).queryParam("sort", "colour")
                .when().get("/api/v1/accounts").then().statusCode(400).body("errors.field", hasItem("sort"));
        given().header("Authorization", Users.bearer(user)).queryParam("status", "deleted")
                .when().get("/api/v1/accounts").then().statusCode(400).body("errors.field", hasItem("status"));
        given().header("Authorization", Users.bearer(user)).queryParam("limit", 201)
                .when().get("/api/v1/accounts").then().statusCode(400).body("errors.field", hasItem("limit"));

        verifyNoInteractions(accounts);
    }

    @Test
    void aSyncOfChosenAccountsIsStartedForTheCallerAndAnswers202WithWhereToFollowIt() {
        UUID account = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        when(sync.start(eq(user), eq(List.of(account)), eq("manual"))).thenReturn(Uni.createFrom().item(run));

        given().header("Authorization", Users.bearer(user)).contentType("application/json")
                .body("{\"account_ids\":[\"" + account + "\"]}")
                .when().post("/api/v1/accounts/sync").then().statusCode(202)
                .header("Location", "/api/v1/accounts/sync/" + run)
                .body("run_id", equalTo(run.toString()))
                .body("status", equalTo("started"));
        verify(sync).start(eq(user), eq(List.of(account)), eq("manual"));
    }

    @Test
    void aServiceRefusalKeepsItsStatusAndRetryAfter() {
        when(sync.start(eq(user), any(), any()))
                .thenReturn(Uni.createFrom().failure(ProblemException.tooManyRequests("You already have 2 syncs running",
                        Duration.ofSeconds(30))));

        given().header("Authorization", Users.bearer(user)).contentType("application/json").body("{}")
                .when().post("/api/v1/accounts/sync").then().statusCode(429)
                .header("Retry-After", "30")
                .body("type", equalTo("urn:problem-type:too-many-requests"))
                .body("correlation_id", notNullValue());
    }

    @Test
    void aMalformedAccountIdInTheBodyIsNamedByItsJsonName() {
        given().header("Authorization", Users.bearer(user)).contentType("application/json")
                .body("{\"account_ids\":[\"not-a-uuid\"]}")
                .when().post("/api/v1/accounts/sync").then().statusCode(400)
                .body("errors[0].field", equalTo("account_ids[0]"));

        verifyNoInteractions(sync);
    }

    @Test
    void anUnknownRunIsA404() {
        UUID run = UUID.randomUUID();
        when(sync.progress(eq(user), eq(run))).thenReturn(Uni.createFrom().failure(ProblemException.notFound("sync run", run)));

        given().header("Authorization", Users.bearer(user)).when().get("/api/v1/accounts/sync/" + run)
                .then().statusCode(404).body("detail", equalTo("sync run " + run + " does not exist"))
                .body("instance", equalTo("/api/v1/accounts/sync/" + run)).body("errors", nullValue());
    }

    private static Account account(String name) {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        return new Account(UUID.randomUUID(), "amzn1.ads-account.g." + UUID.randomUUID(), name, "active", "CREATED", "SELLER",
                "ATVPDKIKX0DER", List.of("DE"), "completed", null, 0, now, now.plusSeconds(86400), null, now);
    }
}
