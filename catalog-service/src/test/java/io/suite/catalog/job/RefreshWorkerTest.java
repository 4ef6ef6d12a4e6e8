package io.suite.catalog.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static io.suite.testing.RecordedSpans.named;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.support.Fixtures;
import io.suite.catalog.support.TestData;
import io.suite.catalog.support.Upstreams;
import io.suite.testing.InjectWireMock;
import io.suite.testing.RecordedSpans;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Stories 2 and 3: the refresh worker and the breaker around it, against the real Postgres and WireMock. */
@QuarkusTest
class RefreshWorkerTest {

    static final String PAAPI = "/paapi5/getitems";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    ProductSource source;

    @Inject
    MarketplaceRepository marketplaces;

    @Inject
    Stores stores;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    Marketplace us;

    @BeforeEach
    void reset() {
        us = marketplaces.findByCode("www.amazon.com").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        Upstreams.reset(wireMock, source, stores, us);
        // only what a test makes due is due
        sql("update products set next_refresh_at = now() + interval '1 day' where next_refresh_at <= now() + interval '1 minute'");
    }

    void sql(String statement, Object... args) {
        pool.preparedQuery(statement).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10));
    }

    void makeDue(String... ids) {
        for (String id : ids) {
            sql("update products set next_refresh_at = now() - interval '1 hour' where id = $1", UUID.fromString(id));
        }
    }

    void upstreamReturns(String body) {
        wireMock.stubFor(post(urlEqualTo(PAAPI)).willReturn(okJson(body)));
    }

    String importProduct(String asin, String price) {
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, price, null)));
        return given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\"}").when().post("/api/v1/catalog/products/import")
                .then().statusCode(201).extract().path("id");
    }

    static JsonPath run() {
        return given().header("Authorization", TestData.admin()).when().post("/api/v1/catalog/refresh-jobs/run")
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath product(String id) {
        return given().when().get("/api/v1/catalog/products/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath jobs(String productId) {
        return given().queryParam("product_id", productId).when().get("/api/v1/catalog/refresh-jobs")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDueProductIsRefreshedAndItsPriceChangeRecorded() {
        String asin = TestData.asin();
        String id = importProduct(asin, "11.99");
        Instant before = Instant.parse(product(id).getString("last_refresh_at"));
        makeDue(id);
        wireMock.resetRequests();
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "9.99", "12.99")));

        JsonPath summary = run();

        assertThat(summary.getInt("calls")).isEqualTo(1);
        assertThat(summary.getInt("success")).isEqualTo(1);
        JsonPath p = product(id);
        assertThat(new BigDecimal(p.getString("current_price"))).isEqualByComparingTo("9.99");
        assertThat(new BigDecimal(p.getString("original_price"))).isEqualByComparingTo("12.99");
        assertThat(p.getString("availability_type")).isEqualTo("IN_STOCK");
        assertThat(Instant.parse(p.getString("last_refresh_at"))).isAfter(before);
        assertThat(Instant.parse(p.getString("next_refresh_at"))).isAfter(Instant.now().plus(Duration.ofHours(11)));
        given().when().get("/api/v1/catalog/products/" + id + "/price-history").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].old_price", equalTo(11.99f)).body("items[0].new_price", equalTo(9.99f));
        JsonPath job = jobs(id);
        assertThat(job.getList("items")).hasSize(1);
        assertThat(job.getString("items[0].status")).isEqualTo("success");
        assertThat(job.getInt("items[0].retry_count")).isZero();
        assertThat(job.getString("items[0].circuitBreakerState")).as("the breaker state is not public").isNull();
        assertThat(job.getString("items[0].worker")).as("nor the worker's PID@hostname").isNull();
        assertThat(job.getFloat("items[0].old_price")).isEqualTo(11.99f);
        assertThat(job.getFloat("items[0].new_price")).isEqualTo(9.99f);
        assertThat(job.getString("items[0].scheduled_at")).isNotNull();
        assertThat(Instant.parse(job.getString("items[0].completed_at")))
                .isAfterOrEqualTo(Instant.parse(job.getString("items[0].started_at")));
        assertThat(job.getString("items[0].run_id")).isEqualTo(summary.getString("run_id"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PAAPI)));

        // refreshed products are not due again in the same run or the next
        assertThat(run().getInt("calls")).isZero();
    }

    @Test
    void aProductNoLongerOfferedBecomesUnavailableAndReturnsWhenOfferedAgain() {
        String asin = TestData.asin();
        String id = importProduct(asin, "11.99");
        String lastAvailable = product(id).getString("last_available_at");
        makeDue(id);
        upstreamReturns(Fixtures.paapiReply(List.of(), List.of(Fixtures.paapiNotAccessible(asin))));

        run();

        JsonPath gone = product(id);
        assertThat(gone.getString("status")).isEqualTo("unavailable");
        assertThat(gone.getString("last_available_at")).isEqualTo(lastAvailable);
        assertThat(new BigDecimal(gone.getString("current_price"))).as("last known price kept").isEqualByComparingTo("11.99");
        assertThat(jobs(id).getString("items[0].error_code")).isEqualTo("ItemNotAccessible");

        makeDue(id);
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "12.49", null)));
        run();

        JsonPath back = product(id);
        assertThat(back.getString("status")).isEqualTo("active");
        assertThat(new BigDecimal(back.getString("current_price"))).isEqualByComparingTo("12.49");
        assertThat(Instant.parse(back.getString("last_available_at"))).isAfter(Instant.parse(lastAvailable));
    }

    @Test
    void anItemOutOfStockIsUnavailable() {
        String asin = TestData.asin();
        String id = importProduct(asin, "7.00");
        makeDue(id);
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, null, null)));

        run();

        JsonPath p = product(id);
        assertThat(p.getString("status")).isEqualTo("unavailable");
        assertThat(p.getString("availability_type")).isEqualTo("OUT_OF_STOCK");
        assertThat(new BigDecimal(p.getString("current_price"))).isEqualByComparingTo("7.00");
    }

    @Test
    void dueProductsAreFetchedTenAsinsPerCall() {
        List<String> asins = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String asin = TestData.asin();
            asins.add(asin);
            items.add(Fixtures.paapiV2Item(asin, "4.00", null));
        }
        upstreamReturns(Fixtures.paapiReply(items, List.of()));
        List<String> ids = given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asins\":[\"" + String.join("\",\"", asins) + "\"]}")
                .when().post("/api/v1/catalog/products/import/batch").then().statusCode(200).body("created", equalTo(23))
                .extract().jsonPath().getList("results.id", String.class);
        makeDue(ids.toArray(String[]::new));
        wireMock.resetRequests();

        JsonPath summary = run();

        assertThat(summary.getInt("calls")).isEqualTo(3);
        assertThat(summary.getInt("success")).isEqualTo(23);
        List<Integer> sizes = wireMock.findAll(postRequestedFor(urlEqualTo(PAAPI))).stream()
                .map(r -> JsonPath.from(r.getBodyAsString()).getList("ItemIds").size()).sorted().toList();
        assertThat(sizes).containsExactly(3, 10, 10);
    }

    @Test
    void anUpstreamErrorIsRetriedThreeTimesThenRecordedAsFailed() {
        String asin = TestData.asin();
        String id = importProduct(asin, "11.99");
        makeDue(id);
        wireMock.resetAll();
        wireMock.stubFor(post(urlEqualTo(PAAPI)).willReturn(aResponse().withStatus(500)
                .withBody("{\"Errors\":[{\"Code\":\"InternalFailure\",\"Message\":\"internal error\"}]}")));

        JsonPath summary = run();

        assertThat(summary.getInt("failed")).isEqualTo(1);
        wireMock.verify(4, postRequestedFor(urlEqualTo(PAAPI)));
        JsonPath job = jobs(id);
        assertThat(job.getString("items[0].status")).isEqualTo("failed");
        assertThat(job.getInt("items[0].retry_count")).isEqualTo(3);
        assertThat(job.getString("items[0].error_code")).isEqualTo("InternalFailure");
        assertThat(job.getString("items[0].error_message")).contains("internal error");
        assertThat(product(id).getString("current_price")).isEqualTo("11.99");
        // tried again later, not in a loop
        assertThat(Instant.parse(product(id).getString("next_refresh_at"))).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    }

    @Test
    void aProductLeasedByAnotherReplicaIsNotRefreshedTwice() {
        String asin = TestData.asin();
        String id = importProduct(asin, "11.99");
        makeDue(id);
        sql("update products set lease_owner = 'other-replica', lease_until = now() + interval '5 minutes', version = version + 1"
                + " where id = $1", UUID.fromString(id));
        wireMock.resetRequests();

        JsonPath summary = run();

        assertThat(summary.getInt("calls")).isZero();
        assertThat(jobs(id).getList("items")).isEmpty();
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));

        // its lease runs out (the replica crashed): the next run takes it
        sql("update products set lease_until = now() - interval '1 second' where id = $1", UUID.fromString(id));
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "11.99", null)));
        assertThat(run().getInt("success")).isEqualTo(1);
        assertThat(jobs(id).getList("items")).hasSize(1);
    }

    @Test
    void theCircuitBreakerOpensSkipsServesStoredDataAndRecovers() {
        String asin = TestData.asin();
        String id = importProduct(asin, "11.99");
        CapturedLogs breakerLogs = CapturedLogs.of("io.suite.resilience.breaker");
        try {
            wireMock.resetAll();
            wireMock.stubFor(post(urlEqualTo(PAAPI)).willReturn(aResponse().withStatus(500)));

            // 4 failed attempts, then the 5th consecutive failure opens the breaker
            given().header("Authorization", TestData.admin()).contentType(ContentType.JSON).body("{\"asin\":\"" + asin + "\"}")
                    .when().post("/api/v1/catalog/products/import").then().statusCode(503);
            assertThat(source.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
            given().header("Authorization", TestData.admin()).header("X-Correlation-ID", "breaker-corr-1")
                    .contentType(ContentType.JSON).body("{\"asin\":\"" + asin + "\"}")
                    .when().post("/api/v1/catalog/products/import").then().statusCode(503)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("detail", org.hamcrest.Matchers.containsString("circuit breaker is open"));
            assertThat(source.breakerState()).isEqualTo(CircuitBreakerState.OPEN);
            wireMock.verify(5, postRequestedFor(urlEqualTo(PAAPI)));
            assertThat(breakerLogs.records()).anySatisfy(r -> {
                assertThat(r.message()).contains("paapi").contains("OPEN");
                assertThat(r.correlationId()).isEqualTo("breaker-corr-1");
            });

            // open: calls are blocked, the API serves the stored data, readiness stays up
            given().when().get("/api/v1/catalog/products/" + id).then().statusCode(200).body("current_price", equalTo(11.99f));
            given().when().get("http://localhost:" + managementPort + "/q/health/ready").then().statusCode(200);
            given().when().get("/api/v1/catalog/health").then().statusCode(200)
                    .body("status", equalTo("degraded"))
                    .body("components.upstream", equalTo("degraded"))
                    .body("components.database", equalTo("healthy"));
            given().when().get("http://localhost:" + managementPort + "/q/health/group/upstreams").then()
                    .body("checks.find { it.name == 'catalog' }.data.'upstream.breaker'", equalTo("open"));
            makeDue(id);
            JsonPath summary = run();
            assertThat(summary.getInt("skipped")).isEqualTo(1);
            assertThat(summary.getInt("calls")).isZero();
            JsonPath job = jobs(id);
            assertThat(job.getString("items[0].status")).isEqualTo("skipped");
            assertThat(job.getString("items[0].error_code")).isEqualTo("CircuitBreakerOpen");
            assertThat(job.getString("items[0].error_message")).contains("circuit breaker").contains("open");
            assertThat(job.getString("items[0].circuitBreakerState")).as("not public").isNull();
            assertThat(pool
                    .preparedQuery("select circuit_breaker_state from refresh_jobs where product_id = $1 order by created_at desc limit 1")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5)).iterator().next()
                    .getString("circuit_breaker_state")).isEqualTo("open");
            wireMock.verify(5, postRequestedFor(urlEqualTo(PAAPI)));

            // after the delay, one trial call goes through; it fails, so the breaker opens again
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                tryFetch(asin);
                return wireMock.findAll(postRequestedFor(urlEqualTo(PAAPI))).size() > 5;
            });
            wireMock.verify(6, postRequestedFor(urlEqualTo(PAAPI)));
            assertThat(source.breakerState()).isEqualTo(CircuitBreakerState.OPEN);

            // after the next delay, a successful trial closes it
            wireMock.resetAll();
            upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "10.99", null)));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> tryFetch(asin));
            wireMock.verify(1, postRequestedFor(urlEqualTo(PAAPI)));
            assertThat(source.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
            assertThat(breakerLogs.records()).anySatisfy(r -> assertThat(r.message()).contains("HALF_OPEN -> CLOSED"));

            makeDue(id);
            assertThat(run().getInt("success")).isEqualTo(1);
            assertThat(product(id).getString("current_price")).isEqualTo("10.99");
        } finally {
            breakerLogs.close();
        }
    }

    boolean tryFetch(String asin) {
        try {
            source.getItems(stores.forMarketplace(us.code()).orElseThrow(), us, List.of(asin), new CallStats()).await()
                    .atMost(Duration.ofSeconds(5));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void anOperatorCanMakeOneProductDueAndRunNow() {
        String asin = TestData.asin();
        String id = importProduct(asin, "6.00");
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "6.50", null)));

        JsonPath summary = given().header("Authorization", TestData.admin()).queryParam("product_id", id)
                .when().post("/api/v1/catalog/refresh-jobs/run").then().statusCode(200).extract().jsonPath();

        assertThat(summary.getInt("success")).isEqualTo(1);
        assertThat(new BigDecimal(product(id).getString("current_price"))).isEqualByComparingTo("6.50");
        given().header("Authorization", TestData.admin()).queryParam("product_id", UUID.randomUUID().toString())
                .when().post("/api/v1/catalog/refresh-jobs/run").then().statusCode(404);
        given().queryParam("status", "success").queryParam("product_id", id).when().get("/api/v1/catalog/refresh-jobs")
                .then().statusCode(200).body("items.size()", equalTo(1));
        given().queryParam("status", "bogus").when().get("/api/v1/catalog/refresh-jobs")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Inject
    RefreshWorker worker;

    @Test
    void theScheduledRunRefreshesDueProducts() {
        String asin = TestData.asin();
        String id = importProduct(asin, "8.00");
        makeDue(id);
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, "8.25", null)));

        RecordedSpans.reset();
        worker.run().await().atMost(Duration.ofSeconds(20));

        assertThat(new BigDecimal(product(id).getString("current_price"))).isEqualByComparingTo("8.25");
        assertThat(jobs(id).getString("items[0].status")).isEqualTo("success");
        // the run is a trace of its own: run → batch → the guarded GetItems call → its HTTP request
        List<SpanData> trace = RecordedSpans.traceOf(named("catalog refresh run"), named("catalog refresh run"));
        SpanData root = trace.stream().filter(named("catalog refresh run")).findFirst().orElseThrow();
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        SpanData batch = trace.stream().filter(named("catalog refresh batch")).findFirst().orElseThrow();
        assertThat(RecordedSpans.parentOf(batch, trace)).contains(root);
        SpanData call = trace.stream().filter(named("upstream paapi")).findFirst().orElseThrow();
        assertThat(RecordedSpans.parentOf(call, trace)).contains(batch);
        assertThat(trace).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(s.getName()).isEqualTo("POST");
        });
    }

    String importProductIn(String marketplace, String asin, String price) {
        upstreamReturns(Fixtures.paapiReply(Fixtures.paapiV2Item(asin, price, null)));
        return given().header("Authorization", TestData.admin()).contentType(ContentType.JSON)
                .body("{\"asin\":\"" + asin + "\",\"marketplace\":\"" + marketplace + "\"}").when().post("/api/v1/catalog/products/import")
                .then().statusCode(201).extract().path("id");
    }

    void reopenBudgets() {
        sql("update resilience_rate_budget set cooldown_until = null where name like 'product-data-%'");
    }

    @Test
    void aDailyQuotaAnswerSkipsTheStoresProductsUntilTheResetWhileOtherStoresRefresh() {
        String deAsin = TestData.asin();
        String usAsin = TestData.asin();
        String deId = importProductIn("www.amazon.de", deAsin, "20.00");
        String usId = importProduct(usAsin, "5.00");
        try {
            wireMock.resetAll();
            wireMock.stubFor(post(urlEqualTo(PAAPI)).withRequestBody(containing("www.amazon.de"))
                    .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                            .withBody(
                                    "{\"__type\":\"com.amazon.paapi5#TooManyRequestsException\",\"Errors\":[{\"Code\":\"TooManyRequests\","
                                            + "\"Message\":\"The request was denied: you have exhausted your daily request quota (TPD).\"}]}")));
            wireMock.stubFor(post(urlEqualTo(PAAPI)).withRequestBody(containing("www.amazon.com"))
                    .willReturn(okJson(Fixtures.paapiReply(Fixtures.paapiV2Item(usAsin, "5.50", null)))));
            makeDue(deId, usId);

            JsonPath summary = run();

            assertThat(summary.getInt("skipped")).isEqualTo(1);
            assertThat(summary.getInt("success")).as("the US store has its own budget").isEqualTo(1);
            assertThat(summary.getInt("failed")).isZero();
            wireMock.verify(1, postRequestedFor(urlEqualTo(PAAPI)).withRequestBody(containing("www.amazon.de")));
            JsonPath job = jobs(deId);
            assertThat(job.getString("items[0].status")).isEqualTo("skipped");
            assertThat(job.getString("items[0].error_code")).isEqualTo("DailyQuotaExhausted");
            assertThat(job.getString("items[0].error_message")).contains("store de").contains("daily request quota");
            Instant next = Instant.parse(product(deId).getString("next_refresh_at"));
            Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            assertThat(next).as("not tried again before the quota resets").isAfterOrEqualTo(midnight.minusSeconds(60));

            // every replica sees the closed budget: another run spends nothing upstream for that store
            makeDue(deId);
            JsonPath again = run();
            assertThat(again.getInt("skipped")).isEqualTo(1);
            wireMock.verify(1, postRequestedFor(urlEqualTo(PAAPI)).withRequestBody(containing("www.amazon.de")));
            assertThat(jobs(deId).getString("items[0].error_message")).contains("budget is closed until");
        } finally {
            reopenBudgets();
        }
    }

    @Test
    void dueProductsOfTwoMarketplacesAreClaimedPerMarketplaceInFullCalls() {
        // 10 US and 10 German products due in alternating order: a claim of 10 holds 5 of each
        for (int i = 0; i < 20; i++) {
            sql("""
                    insert into products (asin, marketplace_id, title, status, next_refresh_at)
                    select $1, id, 'mixed', 'active', now() - interval '1 hour' + $2 * interval '1 millisecond'
                      from marketplaces where code = $3""", TestData.asin(), i, i % 2 == 0 ? "www.amazon.com" : "www.amazon.de");
        }
        wireMock.resetRequests();
        upstreamReturns(Fixtures.paapiReply(List.of(), List.of()));

        JsonPath summary = run();

        assertThat(summary.getInt("success")).isEqualTo(20);
        assertThat(summary.getInt("calls")).as("one full call per marketplace").isEqualTo(2);
        wireMock.verify(2, postRequestedFor(urlEqualTo(PAAPI)));
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(PAAPI))))
                .allSatisfy(r -> assertThat(r.getBodyAsString().split("\"T", -1)).as("10 ItemIds").hasSize(11));
    }

    @Test
    void aProductOfAMarketplaceWithoutAStoreIsSkippedAndNeverSentUpstream() {
        String asin = TestData.asin();
        sql("""
                insert into products (asin, marketplace_id, title, status, next_refresh_at)
                select $1, id, 'left from a removed store', 'active', now() - interval '1 hour' from marketplaces where code = 'www.amazon.fr'""",
                asin);
        wireMock.resetRequests();

        JsonPath summary = run();

        assertThat(summary.getInt("skipped")).isEqualTo(1);
        assertThat(summary.getInt("calls")).isZero();
        wireMock.verify(0, postRequestedFor(urlEqualTo(PAAPI)));
        String id = pool.preparedQuery("select id from products where asin = $1").execute(Tuple.of(asin))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getUUID("id").toString();
        JsonPath job = jobs(id);
        assertThat(job.getString("items[0].error_code")).isEqualTo("NoStore");
        assertThat(job.getString("items[0].error_message")).contains("www.amazon.fr has no configured store");
    }

    @Test
    void metricsCountImportsAndRefreshes() {
        String asin = TestData.asin();
        String id = importProduct(asin, "1.00");
        makeDue(id);
        run();
        String metrics = given().when().get("http://localhost:" + managementPort + "/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).contains("catalog_imports_total{outcome=\"created\"")
                .contains("catalog_refreshes_total{status=\"success\"")
                .contains("catalog_upstream_latency_seconds_count{source=\"paapi\"");
    }

    /** Log records of one category with the MDC correlation id they were written under. */
    static final class CapturedLogs extends Handler {

        record Captured(String message, String correlationId) {
        }

        private final Logger logger;
        private final List<Captured> records = new CopyOnWriteArrayList<>();

        private CapturedLogs(String category) {
            this.logger = Logger.getLogger(category);
        }

        static CapturedLogs of(String category) {
            CapturedLogs c = new CapturedLogs(category);
            c.logger.addHandler(c);
            return c;
        }

        List<Captured> records() {
            return records;
        }

        @Override
        public void publish(LogRecord record) {
            String correlation = record instanceof ExtLogRecord ext ? ext.getMdc("correlationId") : null;
            String message = record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters());
            records.add(new Captured(message, correlation));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
