package io.suite.suite;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * catalog-service end to end through the gateway, with the sandbox as Amazon: import B08DQQ8CBP, make the sandbox
 * change its price, then withdraw it and bring it back, running the refresh worker each time; the price history and
 * the status follow.
 */
@ExtendWith(RunningSuite.class)
class CatalogSuiteTest {

    static final String ASIN = "B08DQQ8CBP";
    static final String CATALOG = RunningSuite.GATEWAY + "/api/v1/catalog";
    static final String SANDBOX = "http://127.0.0.1:" + System.getenv().getOrDefault("SANDBOX_PORT", "8090");
    static final String ADMIN = "Bearer " + DevTokens.admin(UUID.randomUUID());

    @Test
    void importThenPriceChangeThenUnavailableThenBack() {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + ASIN + "\",\"marketplace\":\"www.amazon.com\"}")
                .when().post(CATALOG + "/products/import")
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().jsonPath().getString("id");
        BigDecimal before = new BigDecimal(product(id).getString("current_price"));
        BigDecimal changed = before.add(new BigDecimal("1.23"));
        try {
            given().contentType(ContentType.JSON).body("{\"price\":" + changed + "}")
                    .when().put(SANDBOX + "/_control/products/" + ASIN).then().statusCode(204);
            refresh(id);
            assertThat(new BigDecimal(product(id).getString("current_price"))).isEqualByComparingTo(changed);
            List<String> history = given().when().get(CATALOG + "/products/" + id + "/price-history")
                    .then().statusCode(200).extract().jsonPath().getList("items.new_price", String.class);
            assertThat(new BigDecimal(String.valueOf(history.get(0)))).isEqualByComparingTo(changed);

            given().when().post(SANDBOX + "/_control/products/" + ASIN + "/remove").then().statusCode(204);
            refresh(id);
            JsonPath gone = product(id);
            assertThat(gone.getString("status")).isEqualTo("unavailable");
            assertThat(gone.getString("last_available_at")).isNotNull();

            given().contentType(ContentType.JSON).body("{\"price\":" + before + "}")
                    .when().put(SANDBOX + "/_control/products/" + ASIN).then().statusCode(204);
            refresh(id);
            assertThat(product(id).getString("status")).isEqualTo("active");
        } finally {
            given().contentType(ContentType.JSON).body("{\"price\":" + before + "}")
                    .when().put(SANDBOX + "/_control/products/" + ASIN);
        }
    }

    @Test
    void writesNeedTheAdminRoleReadsArePublic() {
        given().contentType(ContentType.JSON).body("{\"asin\":\"" + ASIN + "\",\"marketplace\":\"www.amazon.com\"}")
                .when().post(CATALOG + "/products/import").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + DevTokens.user(UUID.randomUUID())).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + ASIN + "\",\"marketplace\":\"www.amazon.com\"}")
                .when().post(CATALOG + "/products/import").then().statusCode(403).contentType("application/problem+json");
        given().when().get(CATALOG + "/products").then().statusCode(200);
    }

    @Test
    void theSuiteRunsOnTheCreatorsApiWithAStorePerRegion() {
        long creatorsBefore = getItemsCalls("creators");
        long refusedBefore = refusedCalls("creators");
        long paapiBefore = getItemsCalls("paapi");
        for (String marketplace : List.of("www.amazon.com", "www.amazon.de")) {
            String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body("{\"asin\":\"" + ASIN + "\",\"marketplace\":\"" + marketplace + "\"}")
                    .when().post(CATALOG + "/products/import")
                    .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().jsonPath().getString("id");
            JsonPath p = product(id);
            assertThat(p.getString("raw_source")).isEqualTo("creators");
            assertThat(p.getString("marketplace")).isEqualTo(marketplace);
            // the store's own tracking id went upstream: the sandbox puts it into the detail page link
            assertThat(p.getString("detail_page_url")).contains(marketplace.equals("www.amazon.com") ? "tag=suite-20" : "tag=suite-de-21");
        }
        // one call per import; a call the sandbox refused (an expired token, its own rate limit) is retried, as Amazon's
        // would be, and is not one of them
        long refused = refusedCalls("creators") - refusedBefore;
        assertThat(getItemsCalls("creators") - creatorsBefore - refused)
                .as("GetItems calls for two imports (%d refused and retried); counters: %s", refused, counters("creators"))
                .isEqualTo(2);
        assertThat(getItemsCalls("paapi")).isEqualTo(paapiBefore);
    }

    @Test
    void anAsinAmazonDoesNotKnowIsA404AndAMarketplaceWithoutAStoreA400() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"asin\":\"B0NOSUCH00\",\"marketplace\":\"www.amazon.com\"}")
                .when().post(CATALOG + "/products/import").then().statusCode(404).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("B0NOSUCH00"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + ASIN + "\",\"marketplace\":\"www.amazon.fr\"}")
                .when().post(CATALOG + "/products/import").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("marketplace"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("www.amazon.fr has no configured store"));
    }

    @Test
    void thePublicHealthSaysHealthyOrDegradedOnly() {
        String body = given().when().get(CATALOG + "/health").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.oneOf("healthy", "degraded")).extract().asString();
        assertThat(body).doesNotContain("127.0.0.1").doesNotContain("host").doesNotContain("breaker");
    }

    static Object counters(String api) {
        return given().when().get(SANDBOX + "/_control/counters").then().statusCode(200).extract().jsonPath().getMap(api);
    }

    /** Calls the sandbox answered with 401 (a token it no longer accepts) or 429: the client retries those. */
    static long refusedCalls(String api) {
        JsonPath c = given().when().get(SANDBOX + "/_control/counters").then().statusCode(200).extract().jsonPath();
        return c.getLong(api + ".authFailures") + c.getLong(api + ".throttled");
    }

    static long getItemsCalls(String api) {
        JsonPath c = given().when().get(SANDBOX + "/_control/counters").then().statusCode(200).extract().jsonPath();
        Object n = c.getMap(api + ".endpoints").get(api.equals("creators") ? "POST /catalog/v1/getItems" : "POST /paapi5/getitems");
        return n == null ? 0 : ((Number) n).longValue();
    }

    static void refresh(String id) {
        given().header("Authorization", ADMIN).queryParam("product_id", id)
                .when().post(CATALOG + "/refresh-jobs/run").then().statusCode(200);
    }

    static JsonPath product(String id) {
        return given().when().get(CATALOG + "/products/" + id).then().statusCode(200).extract().jsonPath();
    }
}
