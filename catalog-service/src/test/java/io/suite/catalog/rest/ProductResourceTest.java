package io.suite.catalog.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.support.Fixtures;
import io.suite.catalog.support.TestData;
import io.suite.catalog.support.Upstreams;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.SubjectQuotas;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import jakarta.inject.Inject;

/** Story 1 (import) and the read API, through HTTP, against the real Postgres and a WireMock PA-API. */
@QuarkusTest
class ProductResourceTest {

    static final String PAAPI = "/paapi5/getitems";
    static final String IMPORT = "/api/v1/catalog/products/import";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    ProductSource source;

    @Inject
    MarketplaceRepository marketplaces;

    @Inject
    Stores stores;

    @Inject
    SubjectQuotas quotas;

    @BeforeEach
    void reset() {
        Marketplace us = marketplaces.findByCode("www.amazon.com").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        Upstreams.reset(wireMock, source, stores, us);
    }

    static io.restassured.response.Response importAsin(String asin) {
        return given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"www.amazon.com\"}").when().post(IMPORT);
    }

    void upstreamReturns(String body) {
        wireMock.stubFor(post(urlEqualTo(PAAPI)).willReturn(okJson(body)));
    }

    @Test
    void importAValidProductStoresEveryField() {
        String asin = TestData.asin();
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "11.99", "14.99")));

        var response = importAsin(asin);
        String id = response.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/catalog/products/" + response.path("id")))
                .body("asin", equalTo(asin)).body("created", equalTo(true)).body("status", equalTo("active"))
                .body("imported_fields", hasItems("title", "brand", "manufacturer", "description", "images", "detail_page_url",
                        "current_price", "original_price", "savings_amount", "savings_percentage", "currency", "availability_type",
                        "availability_message", "customer_review_count", "star_rating", "raw_payload"))
                .body("missing_fields", hasItems("parent_asin"))
                .extract().path("id");

        JsonPath p = given().when().get("/api/v1/catalog/products/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(p.getString("title")).isEqualTo("ESP32-DevKitC-32UE " + asin);
        assertThat(p.getString("brand")).isEqualTo("Espressif");
        assertThat(p.getString("manufacturer")).isEqualTo("Espressif Systems");
        assertThat(p.getString("description")).isEqualTo("ESP32-WROOM-32UE module\nExternal antenna connector");
        assertThat(p.getList("images", String.class)).containsExactly("https://m.media-amazon.com/images/I/" + asin + ".jpg");
        assertThat(p.getString("detail_page_url")).startsWith("https://www.amazon.com/dp/" + asin);
        assertThat(new BigDecimal(p.getString("current_price"))).isEqualByComparingTo("11.99");
        assertThat(new BigDecimal(p.getString("original_price"))).isEqualByComparingTo("14.99");
        assertThat(new BigDecimal(p.getString("savings_amount"))).isEqualByComparingTo("3.00");
        assertThat(new BigDecimal(p.getString("savings_percentage"))).isEqualByComparingTo("20.00");
        assertThat(p.getString("currency")).isEqualTo("USD");
        assertThat(p.getString("availability_type")).isEqualTo("IN_STOCK");
        assertThat(p.getString("availability_message")).isEqualTo("In Stock");
        assertThat(p.getInt("customer_review_count")).isEqualTo(1534);
        assertThat(new BigDecimal(p.getString("star_rating"))).isEqualByComparingTo("4.50");
        assertThat(p.getString("status")).isEqualTo("active");
        assertThat(p.getString("marketplace")).isEqualTo("www.amazon.com");
        assertThat(p.getString("raw_source")).isEqualTo("paapi");
        assertThat(p.getString("raw_payload.ASIN")).isEqualTo(asin);
        assertThat(p.getString("last_available_at")).isNotNull();
        Instant next = Instant.parse(p.getString("next_refresh_at"));
        assertThat(next).isAfter(Instant.now().plus(Duration.ofHours(12)).minusSeconds(60))
                .isBefore(Instant.now().plus(Duration.ofHours(36)).plusSeconds(60));

        given().when().get("/api/v1/catalog/products/" + id + "/price-history").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].new_price", equalTo(11.99f))
                .body("items[0].old_price", nullValue()).body("items[0].currency", equalTo("USD"));
    }

    @Test
    void importARealPaapiReply() {
        String asin = TestData.asin();
        upstreamReturns(Fixtures.paapiFull(asin));

        String id = importAsin(asin).then().statusCode(201).extract().path("id");

        JsonPath p = given().when().get("/api/v1/catalog/products/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(p.getString("title")).isEqualTo("adidas Originals 3-Stripes Tee Intense Lemons MD");
        assertThat(new BigDecimal(p.getString("current_price"))).isEqualByComparingTo("29.98");
        assertThat(p.getString("availability_type")).isEqualTo("Now");
        assertThat(p.getString("parent_asin")).isEqualTo("B071K31B2L");
        assertThat(p.getList("images")).hasSize(4);
        assertThat(p.getMap("raw_payload.BrowseNodeInfo")).isNotEmpty();
    }

    @Test
    void importingADuplicateAsinUpdatesTheExistingProduct() {
        String asin = TestData.asin();
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "11.99", null)));
        String id = importAsin(asin).then().statusCode(201).extract().path("id");
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "10.49", null)));

        importAsin(asin).then().statusCode(200).body("id", equalTo(id)).body("created", equalTo(false));

        given().when().get("/api/v1/catalog/products/" + id).then().body("current_price", equalTo(10.49f));
        given().when().get("/api/v1/catalog/products/" + id + "/price-history").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].old_price", equalTo(11.99f)).body("items[0].new_price", equalTo(10.49f));
        List<Object> sameAsin = new ArrayList<>();
        String token = null;
        do {
            JsonPath page = given().queryParam("marketplace", "www.amazon.com").queryParam("limit", 100)
                    .queryParam("next_token", token == null ? "" : token).when().get("/api/v1/catalog/products")
                    .then().statusCode(200).extract().jsonPath();
            page.getList("items.asin", String.class).stream().filter(asin::equals).forEach(sameAsin::add);
            token = page.getString("next_token");
        } while (token != null);
        assertThat(sameAsin).as("one row per ASIN and marketplace").hasSize(1);
    }

    @Test
    void aCountryCodeIsAnAliasOfItsMarketplace() {
        String asin = TestData.asin();
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "11.99", null)));
        // what deploy/local/up once printed, and what people type: "US" is www.amazon.com
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"us\"}").when().post(IMPORT)
                .then().statusCode(201).body("marketplace", equalTo("www.amazon.com"));
        given().queryParam("marketplace", "US").queryParam("limit", 100).when().get("/api/v1/catalog/products").then()
                .statusCode(200).body("items.marketplace", org.hamcrest.Matchers.everyItem(equalTo("www.amazon.com")))
                .body("items.asin", org.hamcrest.Matchers.hasItem(asin));
        // an alias of a marketplace without a store is refused under its real code, and an unknown code stays unknown
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"JP\"}").when().post(IMPORT)
                .then().statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("www.amazon.co.jp has no configured store"));
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"XX\"}").when().post(IMPORT)
                .then().statusCode(400).body("errors[0].field", equalTo("marketplace"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("a country code such as US, DE, UK"));
    }

    @Test
    void anInvalidAsinIsA400NamingTheField() {
        for (String bad : List.of("b08dqq8cbp", "B08DQQ8CB", "B08DQQ8CBP1", "B08DQQ-CBP")) {
            given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                    .body("{\"asin\":\"" + bad + "\"}").when().post(IMPORT)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("asin"))
                    .body("errors[0].message", equalTo("must be an ASIN: 10 upper-case letters or digits"));
        }
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON).body("{}").when().post(IMPORT)
                .then().statusCode(400).body("errors[0].field", equalTo("asin"));
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"B08DQQ8CBP\",\"marketplace\":\"www.amazon.moon\"}").when().post(IMPORT)
                .then().statusCode(400).body("errors[0].field", equalTo("marketplace"));
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void aMarketplaceWithoutAConfiguredStoreIsRefusedAndNeverSentUpstream() {
        for (String marketplace : List.of("www.amazon.fr", "www.amazon.co.jp")) {
            given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                    .body("{\"asin\":\"B08DQQ8CBP\",\"marketplace\":\"" + marketplace + "\"}").when().post(IMPORT)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("marketplace"))
                    .body("errors[0].message", org.hamcrest.Matchers.startsWith(marketplace + " has no configured store"));
            given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                    .body("{\"asins\":[\"B08DQQ8CBP\"],\"marketplace\":\"" + marketplace + "\"}").when().post(IMPORT + "/batch")
                    .then().statusCode(400).body("errors[0].field", equalTo("marketplace"));
        }
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void belgiumPolandEgyptAndIrelandAreKnownMarketplacesOfEurope() {
        for (String[] m : new String[][] { { "www.amazon.com.be", "EUR" }, { "www.amazon.pl", "PLN" }, { "www.amazon.eg", "EGP" },
                { "www.amazon.ie", "EUR" } }) {
            Marketplace mp = marketplaces.findByCode(m[0]).await().atMost(Duration.ofSeconds(5)).orElseThrow();
            assertThat(mp.paapiHost()).isEqualTo(m[0].replace("www.", "webservices."));
            assertThat(mp.paapiRegion()).isEqualTo("eu-west-1");
            assertThat(mp.currency()).isEqualTo(m[1]);
            // known, so the answer is about the store, not an unknown marketplace
            given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                    .body("{\"asin\":\"B08DQQ8CBP\",\"marketplace\":\"" + m[0] + "\"}").when().post(IMPORT)
                    .then().statusCode(400).body("errors[0].message", org.hamcrest.Matchers.containsString("no configured store"));
        }
    }

    @Test
    void anAsinTheUpstreamDoesNotKnowIsA404WithItsReason() {
        String asin = TestData.asin();
        upstreamReturns(Fixtures.paapiReply(List.of(), List.of(Fixtures.paapiNotAccessible(asin))));

        importAsin(asin).then().statusCode(404).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("ItemNotAccessible"))
                .body("detail", org.hamcrest.Matchers.containsString("is not accessible through the Product Advertising API"));
    }

    @Test
    void anUpstreamThatIsDownIsA503WithRetryAfter() {
        wireMock.stubFor(post(urlEqualTo(PAAPI)).willReturn(aResponse().withStatus(503)));

        importAsin(TestData.asin()).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:problem-type:upstream-unavailable"));
        wireMock.verify(4, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void aRateLimitedImportIsRetriedWithBackoff() {
        String asin = TestData.asin();
        wireMock.stubFor(post(urlEqualTo(PAAPI)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withBody("{\"Errors\":[{\"Code\":\"TooManyRequests\",\"Message\":\"throttled\"}]}"))
                .willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(PAAPI)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "5.00", null)))));

        importAsin(asin).then().statusCode(201);
        wireMock.verify(2, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void aNetworkTimeoutIsHandledWithARetry() {
        String asin = TestData.asin();
        String reply = Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "5.00", null));
        wireMock.stubFor(post(urlEqualTo(PAAPI)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(reply).withFixedDelay(1_500)).willSetStateTo("fast"));
        wireMock.stubFor(post(urlEqualTo(PAAPI)).inScenario("slow").whenScenarioStateIs("fast").willReturn(okJson(reply)));

        importAsin(asin).then().statusCode(201);
        wireMock.verify(2, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void missingOptionalFieldsAreStoredAsNulls() {
        String asin = TestData.asin();
        upstreamReturns(Fixtures.read(Fixtures.PAAPI_COM_TITLE_ONLY).replace("B07212L4G2", asin));

        String id = importAsin(asin).then().statusCode(201)
                .body("missing_fields", hasItems("brand", "current_price", "images", "star_rating"))
                .body("status", equalTo("unavailable")).extract().path("id");

        given().when().get("/api/v1/catalog/products/" + id).then().statusCode(200)
                .body("title", equalTo("adidas Originals 3-Stripes Tee Intense Lemons MD"))
                .body("brand", nullValue()).body("current_price", nullValue()).body("images", nullValue())
                .body("customer_review_count", nullValue()).body("last_available_at", nullValue())
                .body("currency", equalTo("USD"));
    }

    @Test
    void aBatchImportsUpTo100InCallsOfTen() {
        List<String> asins = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String asin = TestData.asin();
            asins.add(asin);
            if (i != 7) {
                items.add(Fixtures.paapiV2Item(asin, "3.50", null));
            }
        }
        upstreamReturns(Fixtures.paapiReply(items, List.of()));
        String body = "{\"asins\":[\"" + String.join("\",\"", asins) + "\"]}";

        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON).body(body)
                .when().post(IMPORT + "/batch").then().statusCode(200)
                .body("created", equalTo(24)).body("not_found", equalTo(1)).body("failed", equalTo(0))
                .body("results.size()", equalTo(25))
                .body("results[7].outcome", equalTo("not_found")).body("results[7].asin", equalTo(asins.get(7)));

        List<Integer> sizes = wireMock.findAll(postRequestedFor(urlEqualTo(PAAPI))).stream()
                .map(r -> JsonPath.from(r.getBodyAsString()).getList("ItemIds").size()).sorted().toList();
        assertThat(sizes).containsExactly(5, 10, 10);
    }

    @Test
    void aBatchOfMoreThan100IsRefused() {
        List<String> asins = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            asins.add(TestData.asin());
        }
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asins\":[\"" + String.join("\",\"", asins) + "\"]}")
                .when().post(IMPORT + "/batch").then().statusCode(400).body("errors[0].field", equalTo("asins"));
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void writesNeedTheAdminRole() {
        String body = "{\"asin\":\"B08DQQ8CBP\"}";
        given().contentType(ContentType.JSON).body(body).when().post(IMPORT)
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", TestData.user()).contentType(ContentType.JSON).body(body).when().post(IMPORT)
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + JwtKeys.forgedToken(UUID.randomUUID(), "admin")).contentType(ContentType.JSON)
                .body(body).when().post(IMPORT).then().statusCode(401).contentType("application/problem+json");
        given().when().post("/api/v1/catalog/refresh-jobs/run").then().statusCode(401);
        given().header("Authorization", TestData.user()).when().post("/api/v1/catalog/refresh-jobs/run").then().statusCode(403);
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));
    }

    @Test
    void readsArePublicFilteredAndPaged() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String asin = TestData.asin();
            upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "2.00", null)));
            ids.add(importAsin(asin).then().statusCode(201).extract().path("id"));
        }
        JsonPath first = given().queryParam("status", "active").queryParam("marketplace", "www.amazon.com").queryParam("limit", 2)
                .when().get("/api/v1/catalog/products").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items")).hasSize(2);
        assertThat(first.getList("items.status", String.class)).containsOnly("active");
        // newest first: the last import leads
        assertThat(first.getList("items.id", String.class)).containsExactly(ids.get(2), ids.get(1));
        JsonPath second = given().queryParam("status", "active").queryParam("marketplace", "www.amazon.com").queryParam("limit", 2)
                .queryParam("next_token", first.getString("next_token"))
                .when().get("/api/v1/catalog/products").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.id", String.class)).first().isEqualTo(ids.get(0));

        given().queryParam("next_token", "not-a-cursor").when().get("/api/v1/catalog/products")
                .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
        given().queryParam("status", "deleted").when().get("/api/v1/catalog/products")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().queryParam("limit", 0).when().get("/api/v1/catalog/products")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().when().get("/api/v1/catalog/products/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/api/v1/catalog/products/" + UUID.randomUUID() + "/price-history").then().statusCode(404);
    }

    /** Issue 15 items 2, 10 and 12: bad input of each kind is a 400 naming the field, not a 500 or a lenient match. */
    @Test
    void absurdNumbersLenientIdsBrokenTextAndForgedCursorsAreA400NamingTheField() {
        String products = "/api/v1/catalog/products";
        for (String limit : List.of("1e400000000", "99999999999999999999999", "NaN", "0x10")) {
            given().urlEncodingEnabled(false).when().get(products + "?limit=" + limit)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        }
        for (String id : List.of("1-1-1-1-1", "0-0-0-0-0", "00000000000000000000000000000000")) {
            given().when().get(products + "/" + id).then().statusCode(400).body("errors[0].field", equalTo("id"));
            given().when().get("/api/v1/catalog/refresh-jobs?product_id=" + id)
                    .then().statusCode(400).body("errors[0].field", equalTo("product_id"));
        }
        for (String text : List.of("www.amazon.com%00", "%C3%28", "%ED%A0%80")) {
            given().urlEncodingEnabled(false).when().get(products + "?marketplace=" + text)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("marketplace"));
        }
        given().urlEncodingEnabled(false).when().get(products + "/%00").then().statusCode(400).body("errors[0].field", equalTo("id"));
        // a position the client wrote itself (base64 of valid cursor JSON), unsigned or with a made-up signature
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"c\":\"2999-01-01T00:00:00Z\",\"i\":\"" + UUID.randomUUID() + "\"}").getBytes());
        for (String token : List.of(forged, forged + ".AAAAAAAAAAAAAAAAAAAAAA")) {
            given().queryParam("next_token", token).when().get(products)
                    .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
            given().queryParam("next_token", token).when().get("/api/v1/catalog/refresh-jobs")
                    .then().statusCode(400).body("errors[0].field", equalTo("next_token"));
        }
        given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"B08DQQ8CBP\",\"marketplace\":\"www.amazon.com\\u0000\"}").when().post(IMPORT)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("marketplace"));
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));
    }

    /** Issue 15 item 4: one admin's imports take at most its share of the store's budget; another admin still imports. */
    @Test
    void anAdminOverItsShareOfTheStoreBudgetGets429WhileAnotherAdminImports() {
        String budget = stores.forMarketplace("www.amazon.com").orElseThrow().budget();
        SubjectQuotas.Share configured = quotas.shareOf(budget).orElseThrow();
        quotas.limits(budget, List.of(Limit.parse("1/1h")), Duration.ZERO); // the test budget is roomy (1000/1s)
        try {
            String greedy = "Bearer " + JwtKeys.token(UUID.randomUUID(), "admin");
            String other = "Bearer " + JwtKeys.token(UUID.randomUUID(), "admin");
            String first = TestData.asin();
            String second = TestData.asin();
            String third = TestData.asin();
            upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(first, "11.99", null)));
            importAs(greedy, first).then().statusCode(201);
            int callsBefore = wireMock.findAll(postRequestedFor(urlEqualTo(PAAPI))).size();

            var refused = importAs(greedy, second);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:problem-type:too-many-requests");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3_000L, 3_600L);
            var batch = given().header("Authorization", greedy).contentType(ContentType.JSON)
                    .body("{\"asins\":[\"" + second + "\",\"" + third + "\"],\"marketplace\":\"www.amazon.com\"}")
                    .when().post(IMPORT + "/batch");
            assertThat(batch.statusCode()).as("a batch over the share is refused whole").isEqualTo(429);
            assertThat(batch.header("Retry-After")).isNotNull();
            assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(PAAPI)))).as("refusals made no upstream call")
                    .hasSize(callsBefore);

            upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(second, "12.99", null)));
            importAs(other, second).then().statusCode(201);
        } finally {
            quotas.define(configured);
        }
    }

    static io.restassured.response.Response importAs(String bearer, String asin) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"www.amazon.com\"}").when().post(IMPORT);
    }
}
