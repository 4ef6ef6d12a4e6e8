package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * account-service end to end through the gateway, with the sandbox as Login with Amazon and the Ads API: connect an
 * Amazon user through the consent page, sync, list accounts and profiles with a dev token, and see sync health.
 * Another user sees none of it.
 */
@ExtendWith(RunningSuite.class)
class AccountsSuiteTest {

    static final String API = RunningSuite.GATEWAY + "/api/v1";

    @Test
    void connectSyncAndListThroughTheGateway() throws Exception {
        UUID user = UUID.randomUUID();
        String bearer = "Bearer " + DevTokens.user(user);
        SandboxConsent.Client client = SandboxConsent.Client.withBearer(user);

        String query = SandboxConsent.start(client, "/api/v1/auth/amazon/authorize");
        assertThat(query).contains("code_challenge=", "code_challenge_method=S256");
        String page = SandboxConsent.page(query);
        // a sandbox Amazon user with a handful of accounts (the big one has thousands)
        Matcher m = Pattern.compile("value=\"([^\"]+)\"[^>]*> [^(]*\\((\\d+) ads accounts\\)").matcher(page);
        String amazonUser = null;
        int expected = 0;
        while (m.find() && amazonUser == null) {
            int n = Integer.parseInt(m.group(2));
            if (n > 0 && n <= 200) {
                amazonUser = m.group(1);
                expected = n;
            }
        }
        assertThat(amazonUser).as("a sandbox user with 1..200 accounts on the consent page").isNotNull();
        URI callback = SandboxConsent.allow(query, amazonUser);
        assertThat(callback.toString()).startsWith(RunningSuite.GATEWAY + "/api/v1/auth/amazon/callback");

        // the callback from the client that started the flow, as the same user (its bearer and its flow cookie)
        HttpResponse<String> connected = client.get(callback.toString(), "application/json");
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        assertThat(connected.body()).contains("\"connected\":true");
        // the same callback once more (a replay) is refused: the flow is used up and its cookie was cleared
        long exchanges = tokenExchanges();
        assertThat(client.get(callback.toString(), "application/json").statusCode()).isIn(400, 403);
        assertThat(tokenExchanges()).isEqualTo(exchanges);
        // the gateway logged the callback's path, never its one-time code or the state
        String state = SandboxConsent.queryParam(callback, "state");
        String code = SandboxConsent.queryParam(callback, "code");
        List<String> logged = Files.readAllLines(RunningSuite.ROOT.resolve("deploy/local/run/logs/gateway-access.log"));
        assertThat(logged).anyMatch(l -> l.contains("/api/v1/auth/amazon/callback"));
        assertThat(logged).noneMatch(l -> l.contains(code) || l.contains(state) || l.contains("callback?"));

        String run = given().header("Authorization", bearer).contentType(ContentType.JSON).body("{}")
                .when().post(API + "/accounts/sync").then().statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> !"started".equals(
                given().header("Authorization", bearer).get(API + "/accounts/sync/" + run).then().extract().path("status")));
        JsonPath result = given().header("Authorization", bearer).get(API + "/accounts/sync/" + run).then().extract().jsonPath();
        assertThat(result.getString("status")).as(result.prettify()).isIn("success", "partial");
        assertThat(result.getInt("accounts_synced")).isEqualTo(expected);

        List<String> statuses = given().header("Authorization", bearer).when().get(API + "/accounts?limit=200")
                .then().statusCode(200).extract().path("items.status");
        assertThat(statuses).hasSize(expected).allMatch(s -> List.of("active", "inactive", "suspended", "pending").contains(s));
        given().header("Authorization", bearer).when().get(API + "/accounts/amazon-profiles?limit=5").then().statusCode(200);
        given().header("Authorization", bearer).when().get(API + "/accounts/sync-health").then().statusCode(200)
                .body("needs_reauthorization", org.hamcrest.Matchers.equalTo(false));

        // another user sees none of it
        List<Object> theirs = given().header("Authorization", "Bearer " + DevTokens.user(UUID.randomUUID()))
                .when().get(API + "/accounts?limit=200").then().statusCode(200).extract().path("items");
        assertThat(theirs).isEmpty();
    }

    /**
     * Issue 15 item 1, with two cookie jars: Mallory starts a connection and sends the consent link to Vic, who is signed
     * in to the dashboard and clicks Allow. Vic's browser brings the code back, but the flow is bound to Mallory's client:
     * the callback connects nobody, Vic is offered to connect again, and Mallory gets none of Vic's Ads accounts.
     */
    @Test
    void aConsentLinkSentToSomeoneElseConnectsNobody() throws Exception {
        UUID mallory = UUID.randomUUID();
        UUID vic = UUID.randomUUID();
        SandboxConsent.Client attacker = SandboxConsent.Client.withBearer(mallory);
        SandboxConsent.Client victim = SandboxConsent.Client.signedInToTheDashboard(vic);
        String link = SandboxConsent.start(attacker, "/api/v1/auth/amazon/authorize");
        String amazonUser = given().get(SandboxConsent.SANDBOX + "/_control/data").then().extract().path("users[0].userId");
        long exchangesBefore = tokenExchanges();

        // Vic allows on the consent page; Vic's browser follows LWA's redirect back to the callback
        URI callback = SandboxConsent.allow(link, amazonUser);
        HttpResponse<String> answer = victim.get(callback.toString(), "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).hasValue("/dashboard?connect_error=mismatch");
        HttpResponse<String> dashboard = victim.get(RunningSuite.GATEWAY + "/dashboard?connect_error=mismatch", "text/html");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("started by another account or in another browser", "id=\"connect-again\"");
        // an API client of Vic's gets the problem itself
        HttpResponse<String> api = SandboxConsent.Client.withBearer(vic).get(callback.toString(), "application/json");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("urn:problem-type:connect-flow-mismatch");

        assertThat(tokenExchanges()).as("LWA code exchanges").isEqualTo(exchangesBefore);
        String bearer = "Bearer " + DevTokens.user(mallory);
        given().header("Authorization", bearer).contentType(ContentType.JSON).body("{}").post(API + "/accounts/sync").then()
                .statusCode(202);
        assertThat(given().header("Authorization", bearer).get(API + "/accounts/amazon-profiles").then().statusCode(200).extract()
                .<List<Object>> path("items")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> given()
                .header("Authorization", bearer).get(API + "/accounts/sync-health").then().statusCode(200)
                .body("last_run.status", org.hamcrest.Matchers.equalTo("failed")));
        assertThat(given().header("Authorization", bearer).get(API + "/accounts?limit=200").then().statusCode(200).extract()
                .<List<Object>> path("items")).as("Mallory's accounts").isEmpty();
    }

    static long tokenExchanges() {
        Object n = given().get(SandboxConsent.SANDBOX + "/_control/counters").then().extract()
                .path("lwa.endpoints.'POST /lwa/auth/o2/token'");
        return n == null ? 0 : ((Number) n).longValue();
    }

    @Test
    void listingNeedsAValidToken() {
        given().when().get(API + "/accounts").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer " + DevTokens.expired(UUID.randomUUID()))
                .when().get(API + "/accounts").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + DevTokens.unsigned(UUID.randomUUID()))
                .when().get(API + "/accounts").then().statusCode(401).contentType("application/problem+json");
    }
}
