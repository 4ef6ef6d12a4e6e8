package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

        String location = given().header("Authorization", bearer).redirects().follow(false)
                .when().get(API + "/auth/amazon/authorize").then().statusCode(303).extract().header("Location");
        String query = URI.create(location).getRawQuery();
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

        given().when().get(callback.toString()).then().statusCode(200).body("connected", org.hamcrest.Matchers.equalTo(true));

        String run = given().header("Authorization", bearer).contentType(ContentType.JSON).body("{}")
                .when().post(API + "/accounts/sync").then().statusCode(202).extract().path("runId");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> !"started".equals(
                given().header("Authorization", bearer).get(API + "/accounts/sync/" + run).then().extract().path("status")));
        JsonPath result = given().header("Authorization", bearer).get(API + "/accounts/sync/" + run).then().extract().jsonPath();
        assertThat(result.getString("status")).as(result.prettify()).isIn("success", "partial");
        assertThat(result.getInt("accountsSynced")).isEqualTo(expected);

        List<String> statuses = given().header("Authorization", bearer).when().get(API + "/accounts?limit=200")
                .then().statusCode(200).extract().path("items.status");
        assertThat(statuses).hasSize(expected).allMatch(s -> List.of("active", "inactive", "suspended", "pending").contains(s));
        given().header("Authorization", bearer).when().get(API + "/accounts/amazon-profiles?limit=5").then().statusCode(200);
        given().header("Authorization", bearer).when().get(API + "/accounts/sync-health").then().statusCode(200)
                .body("needsReauthorization", org.hamcrest.Matchers.equalTo(false));

        // another user sees none of it
        List<Object> theirs = given().header("Authorization", "Bearer " + DevTokens.user(UUID.randomUUID()))
                .when().get(API + "/accounts?limit=200").then().statusCode(200).extract().path("items");
        assertThat(theirs).isEmpty();
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
