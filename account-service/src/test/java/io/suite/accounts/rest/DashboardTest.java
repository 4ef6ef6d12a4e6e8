package io.suite.accounts.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.suite.accounts.service.SessionRevocations;
import io.suite.accounts.support.OwnerDb;
import io.suite.accounts.support.Users;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import jakarta.inject.Inject;

/**
 * The dashboard over HTTP (the browser tests are in deploy/suite-tests): sign-in, the cookie session, filters in the URL,
 * keyset pages, CSRF on batch actions, progress polling, and no development sign-in outside the dev and local profiles.
 */
@QuarkusTest
class DashboardTest {

    static final String VND = "application/vnd.listaccountsresource.v1+json";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    SessionRevocations revocations;

    UUID user;

    String cookie;

    @BeforeEach
    void connectedUserWithFiveAccounts() {
        user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
        cookie = JwtKeys.token(user, "user");
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth)
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody(AccountsApiTest.FIVE)));
        for (String region : List.of("na", "eu", "fe")) {
            wireMock.stubFor(get("/ads/" + region + "/v2/profiles").withHeader("Authorization", auth).willReturn(okJson(
                    region.equals(
                            "na") ? "[{\"profileId\":1,\"countryCode\":\"US\",\"currencyCode\":\"USD\",\"timezone\":\"America/Los_Angeles\","
                                    + "\"accountInfo\":{\"marketplaceStringId\":\"ATVPDKIKX0DER\",\"id\":\"E1\",\"type\":\"seller\",\"name\":\"US seller\"}}]"
                                    : "[]")));
        }
        String run = given().header("Authorization", Users.bearer(user)).contentType("application/json").body("{}")
                .post("/api/v1/accounts/sync").then().statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> !"started".equals(given().header("Authorization", Users.bearer(user))
                .get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
    }

    @Test
    void withoutASessionThePageIsTheSignInPageAndAFragmentA401ThatRedirects() {
        given().accept("text/html").get("/dashboard").then().statusCode(401).contentType(containsString("text/html"))
                .body(containsString("Sign in to see your Amazon Ads accounts"))
                .body(not(containsString("Development sign-in")));
        given().header("HX-Request", "true").get("/dashboard/accounts").then().statusCode(401)
                .header("HX-Redirect", "/dashboard/sign-in?expired=1");
        // the session is checked before the CSRF token, for every signed-in operation alike
        given().header("HX-Request", "true").formParam("action", "sync").post("/dashboard/batch").then().statusCode(401)
                .header("HX-Redirect", "/dashboard/sign-in?expired=1");
        given().accept("text/html").get("/dashboard/reconnect").then().statusCode(401)
                .body(containsString("Sign in to see your Amazon Ads accounts"));
        // an expired or forged cookie is "session ended", never an error page
        given().cookie("suite_session", "not.a.jwt").get("/dashboard").then().statusCode(401)
                .body(containsString("Your session has ended"));
    }

    @Test
    void theDevelopmentSignInDoesNotExistOutsideTheDevAndLocalProfiles() {
        given().get("/dashboard/dev-sign-in").then().statusCode(404);
        given().formParam("user_id", user.toString()).post("/dashboard/dev-sign-in").then().statusCode(404);
    }

    @Test
    void theCookieSessionShowsCardsWithHealthAndTheFilterLivesInTheUrl() {
        String page = given().cookie("suite_session", cookie).get("/dashboard?size=2&sort=name").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(names(page)).containsExactly("Bravo", "Charlie");
        assertThat(page).contains("data-health=\"", "id=\"next-page\"", "Healthy", "aria-describedby=\"reason-");
        // the same JWT as a bearer header works too (API clients, and a gateway that forwards the header)
        given().header("Authorization", Users.bearer(user)).get("/dashboard?size=2").then().statusCode(200);

        Matcher next = Pattern.compile("id=\"next-page\"|hx-get=\"([^\"]+)\"[^>]*id=\"next-page\"").matcher(page);
        Matcher href = Pattern.compile("href=\"(/dashboard\\?[^\"]*after=[^\"]+)\"").matcher(page);
        assertThat(next.find() && href.find()).isTrue();
        String second = given().cookie("suite_session", cookie).get(href.group(1).replace("&amp;", "&")).then().statusCode(200)
                .extract().asString();
        assertThat(names(second)).containsExactly("Delta", "Echo");
        assertThat(second).contains("Page 2");

        Response fragment = given().cookie("suite_session", cookie).header("HX-Request", "true")
                .get("/dashboard/accounts?q=ALP&sort=name&order=desc");
        fragment.then().statusCode(200).header("HX-Push-Url", "/dashboard?q=ALP&sort=name&order=desc&size=24");
        assertThat(names(fragment.asString())).containsExactly("alpha");
        assertThat(fragment.asString()).doesNotContain("<html");
        String pending = given().cookie("suite_session", cookie).get("/dashboard/accounts?status=pending&sort=name").asString();
        assertThat(names(pending)).containsExactly("Charlie", "Delta");
        // an impossible link never fails the page: defaults, with a notice
        given().cookie("suite_session", cookie).get("/dashboard?status=deleted&sort=age&size=0").then().statusCode(200)
                .body(containsString("Ignored an invalid status, sort, page size"));
        given().cookie("suite_session", cookie).get("/dashboard?after=garbage!").then().statusCode(400)
                .body(containsString("This page link has expired"));
    }

    @Test
    void aNewConnectionWithoutAccountsIsOfferedTheSyncAndARunningSyncShowsItsProgressInTheSummary() throws Exception {
        UUID newcomer = UUID.randomUUID();
        String session = JwtKeys.token(newcomer, "user");
        // not connected yet: nothing to sync, the cards' empty state offers the connect
        given().cookie("suite_session", session).get("/dashboard/summary").then().statusCode(200)
                .body(not(containsString("id=\"sync-all\"")), containsString("No sync run yet"));
        Users.connect(wireMock, newcomer, 3600);
        // connected, no account yet and no run going (start-on-connect is off in tests): the sync is offered
        given().cookie("suite_session", session).get("/dashboard/summary").then().statusCode(200)
                .body(containsString("id=\"sync-all\""), not(containsString("id=\"live-run\"")));
        UUID run = UUID.randomUUID();
        try (Connection c = OwnerDb.connect();
                PreparedStatement st = c.prepareStatement("insert into account_sync_history (id, user_id, sync_type, sync_status)"
                        + " values (?, ?, 'scheduled', 'started')")) {
            st.setObject(1, run);
            st.setObject(2, newcomer);
            st.executeUpdate();
        }
        // a run going (the one the connect started): its progress, polled, instead of a second button
        given().cookie("suite_session", session).get("/dashboard/summary").then().statusCode(200)
                .body(containsString("id=\"live-run\""), containsString("hx-get=\"/dashboard/runs/" + run + "\""),
                        containsString("A sync is running"), not(containsString("id=\"sync-all\"")));
        given().cookie("suite_session", session).header("HX-Request", "true").get("/dashboard/runs/" + run).then().statusCode(200)
                .body(containsString("Syncing: listing the accounts at Amazon"));

        // Amazon answered the user's calls with 429 + Retry-After: the summary says when and how long it asked to wait
        given().cookie("suite_session", session).get("/dashboard/summary").then().body(not(containsString("id=\"rate-limited\"")));
        try (Connection c = OwnerDb.connect();
                PreparedStatement st = c.prepareStatement("insert into resilience_upstream_usage (upstream, endpoint, subject,"
                        + " window_start, calls, throttled, last_limit_hit, last_retry_after_seconds)"
                        + " values ('ads', 'POST /adsAccounts/list', ?, date_trunc('minute', now()), 3, 1, now(), 7)")) {
            st.setString(1, newcomer.toString());
            st.executeUpdate();
        }
        given().cookie("suite_session", session).get("/dashboard/summary").then().statusCode(200)
                .body(containsString("id=\"rate-limited\""), containsString("Amazon last asked us to slow down"),
                        containsString("POST /adsAccounts/list, wait 7 s"));
    }

    @Test
    void theSummaryCountsColoursAndTheAccountTypeComesFromTheProfile() {
        given().cookie("suite_session", cookie).get("/dashboard/summary").then().statusCode(200)
                .body(containsString("id=\"count-green\""), containsString("What the colours mean"),
                        not(containsString("id=\"reconnect\"")));
        String page = given().cookie("suite_session", cookie).get("/dashboard?q=alpha").asString();
        assertThat(page).contains("<dd class=\"type\">seller</dd>");
    }

    @Test
    void batchActionsNeedTheCsrfTokenAndSyncProgressEndsByRedrawingTheCards() {
        String page = given().cookie("suite_session", cookie).get("/dashboard?sort=name").asString();
        String csrf = attribute(page, "data-csrf").orElseThrow();
        List<String> ids = ids(page);
        given().cookie("suite_session", cookie).formParam("action", "sync").formParam("ids", ids.get(0))
                .post("/dashboard/batch").then().statusCode(403).body(containsString("This form has expired"));
        given().cookie("suite_session", cookie).header("X-CSRF-Token", csrf + "x").formParam("action", "sync")
                .formParam("ids", ids.get(0)).post("/dashboard/batch").then().statusCode(403);

        String result = given().cookie("suite_session", cookie).header("X-CSRF-Token", csrf).header("HX-Request", "true")
                .formParam("action", "sync").formParam("ids", ids.get(0)).formParam("ids", ids.get(1))
                .post("/dashboard/batch").then().statusCode(200).extract().asString();
        assertThat(result).contains("2 accepted", "hx-trigger=\"load delay:300ms, every 1s\"");
        Matcher run = Pattern.compile("hx-get=\"/dashboard/runs/([0-9a-f-]{36})\"").matcher(result);
        assertThat(run.find()).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().cookie("suite_session", cookie)
                .get("/dashboard/runs/" + run.group(1)).then().statusCode(200).header("HX-Trigger", "accounts-changed")
                .body(containsString("run-done")));

        // update sets a label on each selected account; without a label it explains instead of failing
        given().cookie("suite_session", cookie).header("X-CSRF-Token", csrf).formParam("action", "update")
                .formParam("ids", ids.get(2)).formParam("label_key", "team").formParam("label_value", "EU growth")
                .post("/dashboard/batch").then().statusCode(200).header("HX-Trigger", "accounts-changed")
                .body(containsString("1 updated"));
        given().cookie("suite_session", cookie).header("X-CSRF-Token", csrf).formParam("action", "update")
                .formParam("ids", ids.get(2)).post("/dashboard/batch").then().statusCode(400)
                .body(containsString("Nothing to update"));

        given().cookie("suite_session", cookie).header("X-CSRF-Token", csrf).formParam("action", "update")
                .formParam("ids", ids.get(2)).formParam("label_key", "k".repeat(51)).formParam("label_value", "v")
                .post("/dashboard/batch").then().statusCode(400).body(containsString("Label too long"));

        // sync all: CSRF-checked like every state change, then followed by the same poller
        given().cookie("suite_session", cookie).post("/dashboard/sync").then().statusCode(403);
        given().cookie("suite_session", cookie).header("X-CSRF-Token", csrf).post("/dashboard/sync").then().statusCode(200)
                .body(containsString("hx-get=\"/dashboard/runs/"));

        // disconnect asks first; confirmed, it answers per account and redraws the cards
        given().cookie("suite_session", cookie).formParam(CsrfField.NAME, csrf).formParam("action", "disconnect")
                .formParam("ids", ids.get(0)).post("/dashboard/batch").then().statusCode(200)
                .body(containsString("Disconnect 1 account?"));
        given().cookie("suite_session", cookie).formParam(CsrfField.NAME, csrf).formParam("action", "disconnect")
                .formParam("confirm", "yes").formParam("ids", ids.get(0)).formParam("ids", UUID.randomUUID().toString())
                .post("/dashboard/batch").then().statusCode(200).header("HX-Trigger", "accounts-changed")
                .body(containsString("1 disconnected, 1 not found"));
    }

    @Test
    void theApiFiltersByNameAndRefusesAnOverlongSearch() {
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts?q=LT").then().statusCode(200)
                .body("items.name", equalTo(List.of("Delta")));
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts?q=%25").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts?q=" + "x".repeat(101)).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"));
        String next = given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts?q=a&limit=1").then()
                .extract().path("next_token");
        given().header("Authorization", Users.bearer(user)).queryParam("next_token", next).get("/api/v1/accounts?q=b&limit=1")
                .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
    }

    /** Issue 15 item 15: sign-out ends the session: the same token is refused afterwards, by the dashboard and the API. */
    @Test
    void signOutRevokesTheSessionToken() {
        given().cookie("suite_session", cookie).get("/dashboard").then().statusCode(200);
        given().cookie("suite_session", cookie).redirects().follow(false).post("/dashboard/sign-out").then().statusCode(303)
                .header("Location", "/dashboard/sign-in").header("Set-Cookie", containsString("suite_session=;"));
        // a copy of the cookie (or the token as a bearer) is worth nothing now
        given().cookie("suite_session", cookie).get("/dashboard").then().statusCode(401)
                .body(containsString("Your session has ended"));
        given().header("Authorization", "Bearer " + cookie).get("/api/v1/accounts").then().statusCode(401)
                .contentType("application/problem+json");
        // signing out again, or without a session, is harmless
        given().cookie("suite_session", cookie).redirects().follow(false).post("/dashboard/sign-out").then().statusCode(303);
        given().redirects().follow(false).post("/dashboard/sign-out").then().statusCode(303);
        // another session of the same user is not affected
        given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts").then().statusCode(200);
    }

    /** A sign-out on another replica reaches this one through revoked_sessions (the poll). */
    @Test
    void aSignOutOnAnotherReplicaIsHonouredAfterThePoll() throws Exception {
        String other = JwtKeys.token(user, "user");
        given().cookie("suite_session", other).get("/dashboard").then().statusCode(200);
        try (Connection c = OwnerDb.connect();
                PreparedStatement ps = c.prepareStatement(
                        "insert into revoked_sessions (token_hash, expires_at) values (?, now() + interval '1 hour')")) {
            ps.setBytes(1, MessageDigest.getInstance("SHA-256").digest(other.getBytes(StandardCharsets.UTF_8)));
            ps.executeUpdate();
        }
        revocations.refresh().await().atMost(Duration.ofSeconds(10));
        given().cookie("suite_session", other).get("/dashboard").then().statusCode(401);
    }

    /** Issue 15 item 1: the dashboard's (re)connect binds the flow to this browser and sends PKCE. */
    @Test
    void reconnectStartsAFlowBoundToThisBrowser() {
        var answer = given().cookie("suite_session", cookie).redirects().follow(false).get("/dashboard/reconnect").then()
                .statusCode(303).extract();
        assertThat(answer.header("Location")).startsWith("http://lwa.test/ap/oa?").contains("code_challenge=", "state=");
        assertThat(answer.header("Set-Cookie")).startsWith(Users.FLOW_COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
    }

    static final class CsrfField {
        static final String NAME = "_csrf";
    }

    static List<String> names(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<span class=\"name\" id=\"name-[^\"]+\">([^<]*)</span>").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<String> ids(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("name=\"ids\" value=\"([0-9a-f-]{36})\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static Optional<String> attribute(String html, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]+)\"").matcher(html);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
