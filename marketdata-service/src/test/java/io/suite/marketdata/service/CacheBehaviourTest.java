package io.suite.marketdata.service;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataType;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.marketdata.job.CacheCleanupJob;
import io.suite.marketdata.testing.MutableClock;
import io.suite.marketdata.testing.Polygon;
import io.suite.resilience.budget.Limit;
import io.suite.resilience.budget.RateBudgets;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Both cache levels, TTL by session, coalescing, refresh-ahead, stale data during outages and a spent rate budget,
 * cleanup, admin refresh, statistics and health, through the HTTP API against WireMock and the real Postgres.
 */
@QuarkusTest
class CacheBehaviourTest {

    private static final String P = Polygon.PREFIX;
    /** Friday 2024-01-19, 10:00 in New York: the session is open. */
    private static final Instant FRIDAY_OPEN = Instant.parse("2024-01-19T15:00:00Z");

    @InjectWireMock
    WireMockServer wireMock;
    MutableClock clock;

    @Inject
    MarketDataCache cache;

    @Inject
    Pool pool;

    @Inject
    RateBudgets budgets;

    @Inject
    CacheCleanupJob cleanup;

    @Inject
    CacheStats stats;

    @Inject
    MarketDataConfig config;

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @BeforeEach
    void fixedClock() {
        clock = new MutableClock(FRIDAY_OPEN);
        QuarkusMock.installMockForType(new MarketClock(clock), MarketClock.class);
    }

    @AfterEach
    void budgetBack() {
        pool.query("update resilience_rate_budget set cooldown_until = null where name = 'polygon-free'")
                .execute().await().atMost(Duration.ofSeconds(5));
    }

    static RequestSpecification user() {
        return given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user"));
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "admin"));
    }

    @Test
    void concurrentMissesForOneKeyMakeOneUpstreamCall() throws Exception {
        Polygon.stubQuote(wireMock, "CCOAL", 400);
        int callers = 64;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String token = JwtKeys.token(UUID.randomUUID(), "user");
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(token).when().get("/api/v1/market-data/CCOAL/quote");
                }));
            }
            start.countDown();
            for (Future<Response> f : answers) {
                Response r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.jsonPath().getFloat("last_trade.price")).isEqualTo(166.25f);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CCOAL")).isEqualTo(1);
        assertThat(Polygon.calls(wireMock, "/v2/last/nbbo/CCOAL")).isEqualTo(1);
    }

    @Test
    void theDatabaseLevelServesAfterTheProcessForgets() {
        Polygon.stubQuote(wireMock, "CDB");
        user().when().get("/api/v1/market-data/CDB/quote").then().statusCode(200).body("cache.source", equalTo("upstream"));
        cache.clearMemory(); // as a restart, or another replica, would see it
        clock.advance(Duration.ofSeconds(5));
        user().when().get("/api/v1/market-data/CDB/quote").then().statusCode(200)
                .body("cache.source", equalTo("database")).body("cache.age_seconds", equalTo(5))
                .body("last_trade.price", equalTo(166.25f)).header("Age", "5");
        user().when().get("/api/v1/market-data/CDB/quote").then().statusCode(200).body("cache.source", equalTo("memory"));
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CDB")).isEqualTo(1);
        // the payload in Postgres keeps the decimal exactly
        Row row = row("quote:CDB");
        assertThat(row.getString("payload")).startsWith("{").contains("\"price\": 166.25");
        assertThat(row.getString("data_type")).isEqualTo("quote");
        assertThat(row.getString("kind")).as("stored as a JSON object, not a JSON string").isEqualTo("object");
    }

    @Test
    void ttlDependsOnDataTypeAndSession() {
        Polygon.stubQuote(wireMock, "CTTLA");
        Polygon.stubQuote(wireMock, "CTTLB");
        user().when().get("/api/v1/market-data/CTTLA/quote").then().statusCode(200);
        assertThat(instant(row("quote:CTTLA"), "fresh_until")).isEqualTo(FRIDAY_OPEN.plusSeconds(15));

        // after Friday's close a quote lives until Monday's open
        clock.set(Instant.parse("2024-01-19T22:00:00Z"));
        user().when().get("/api/v1/market-data/CTTLB/quote").then().statusCode(200);
        assertThat(instant(row("quote:CTTLB"), "fresh_until")).isEqualTo(Instant.parse("2024-01-22T14:30:00Z"));

        // bars of a finished range practically never expire
        clock.set(FRIDAY_OPEN);
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/CTTLC/range/1/day/2005-04-01/2005-12-31")),
                Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"), 0));
        user().when().get("/api/v1/market-data/CTTLC/historical?from=2005-04-01&to=2005-04-04").then().statusCode(200);
        assertThat(instant(row("bars:CTTLC:1:day:2005-01-01:2005-12-31:true"), "fresh_until"))
                .isAfter(FRIDAY_OPEN.plus(Duration.ofDays(3000)));

        // within the quote's 15 s it is a hit, after it a new upstream call
        clock.advance(Duration.ofSeconds(14));
        user().when().get("/api/v1/market-data/CTTLA/quote").then().statusCode(200).body("cache.source", equalTo("memory"));
        clock.advance(Duration.ofSeconds(2));
        user().when().get("/api/v1/market-data/CTTLA/quote").then().statusCode(200).body("cache.source", equalTo("upstream"));
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CTTLA")).isEqualTo(2);
    }

    @Test
    void outageServesLastGoodDataMarkedStaleThen503WithoutItThenRecovers() {
        Polygon.stubQuote(wireMock, "COUT");
        user().when().get("/api/v1/market-data/COUT/quote").then().statusCode(200).body("cache.stale", equalTo(false));

        clock.advance(Duration.ofMinutes(1));
        Polygon.stubQuoteStatus(wireMock, "COUT", 503, "{\"status\":\"ERROR\",\"error\":\"down\"}");
        Polygon.stubQuoteStatus(wireMock, "CNONE", 503, "{\"status\":\"ERROR\",\"error\":\"down\"}");
        for (int i = 0; i < 4; i++) { // enough failures to open the breaker; stale data all along
            user().when().get("/api/v1/market-data/COUT/quote").then().statusCode(200)
                    .body("cache.stale", equalTo(true)).body("cache.age_seconds", equalTo(60))
                    .body("last_trade.price", equalTo(166.25f))
                    .header("Age", "60");
        }
        // nothing cached to fall back on: a problem, never a 500
        user().when().get("/api/v1/market-data/CNONE/quote").then().statusCode(503)
                .contentType("application/problem+json").body("status", equalTo(503));

        Polygon.stubQuote(wireMock, "COUT");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> user().when().get("/api/v1/market-data/COUT/quote").then().statusCode(200)
                        .body("cache.stale", equalTo(false)).body("cache.source", equalTo("upstream")));
        user().when().get("/api/v1/market-data/cache/stats").then().statusCode(200)
                .body("quote.stale_served", greaterThan(3));
    }

    @Test
    void spentRateBudgetServesStaleOr503WithRetryAfter() {
        Polygon.stubQuote(wireMock, "CBUD");
        Polygon.stubQuote(wireMock, "CBUDX");
        user().when().get("/api/v1/market-data/CBUD/quote").then().statusCode(200);
        clock.advance(Duration.ofMinutes(2));
        // as after an upstream 429: every replica holds off for a minute, longer than a request may wait
        budgets.coolDown("polygon-free", Duration.ofSeconds(60)).await().atMost(Duration.ofSeconds(5));

        user().when().get("/api/v1/market-data/CBUD/quote").then().statusCode(200)
                .body("cache.stale", equalTo(true)).header("Age", "120");
        user().when().get("/api/v1/market-data/CBUDX/quote").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("type", equalTo("urn:problem-type:upstream-rate-limited"));
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CBUDX")).isZero();
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CBUD")).isEqualTo(1);
    }

    @Test
    void anUpstream429HoldsEveryReplicaOffAndServesStale() {
        Polygon.stubQuote(wireMock, "CTMR");
        user().when().get("/api/v1/market-data/CTMR/quote").then().statusCode(200);
        clock.advance(Duration.ofMinutes(1));
        Polygon.stubQuoteStatus(wireMock, "CTMR", 429,
                "{\"status\":\"ERROR\",\"error\":\"You've exceeded the maximum requests per minute\"}");
        user().when().get("/api/v1/market-data/CTMR/quote").then().statusCode(200)
                .body("cache.stale", equalTo(true)).header("Age", "60");
        // the 429 put the shared budget on cooldown, so the retry never reached Polygon a second time
        Row budget = pool.query("select cooldown_until > clock_timestamp() as cooling from resilience_rate_budget "
                + "where name = 'polygon-free'").execute().await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(budget.getBoolean("cooling")).isTrue();
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CTMR")).isEqualTo(2);
    }

    @Test
    void loadBeyondTheBudgetNeverReachesPolygonAndClientsGetFreshOr503() throws Exception {
        // the free plan's bucket with exactly 5 permits left (5/min refill: none arrive during the test)
        pool.query("update resilience_rate_budget set capacities = '{5}', refill_per_sec = '{0.0833333}', tokens = '{5}', "
                + "updated_at = clock_timestamp(), cooldown_until = null where name = 'polygon-free'")
                .execute().await().atMost(Duration.ofSeconds(5));
        List<String> tickers = new ArrayList<>();
        for (char c = 'A'; c < 'A' + 20; c++) {
            tickers.add("CRL" + c);
            Polygon.stubQuote(wireMock, "CRL" + c);
        }
        ExecutorService executor = Executors.newFixedThreadPool(tickers.size());
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (String t : tickers) {
                String token = JwtKeys.token(UUID.randomUUID(), "user");
                futures.add(executor.submit(() -> {
                    start.await();
                    return given().auth().oauth2(token).when().get("/api/v1/market-data/" + t + "/quote");
                }));
            }
            start.countDown();
            for (Future<Response> f : futures) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            executor.shutdownNow();
            budgets.define("polygon-free", List.of(Limit.parse("1000/1s")))
                    .await().atMost(Duration.ofSeconds(5));
        }
        int upstreamCalls = 0;
        for (String t : tickers) {
            upstreamCalls += Polygon.calls(wireMock, "/v2/last/trade/" + t) + Polygon.calls(wireMock, "/v2/last/nbbo/" + t);
        }
        // a quote takes its two permits at once: two quotes fit in five permits, the fifth is never half-spent
        assertThat(upstreamCalls).as("upstream calls never exceed the permits").isEqualTo(4);
        long fresh = answers.stream().filter(r -> r.statusCode() == 200).count();
        List<Response> refused = answers.stream().filter(r -> r.statusCode() == 503).toList();
        assertThat(fresh + refused.size()).as("every answer is fresh data or a 503, never a 500").isEqualTo(tickers.size());
        assertThat(fresh).as("every permit pair became a complete quote").isEqualTo(2);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("Retry-After")).isNotNull();
        });
    }

    @Test
    void hotKeysAreRefreshedBeforeTheyExpire() {
        Polygon.stubQuote(wireMock, "CHOT");
        user().when().get("/api/v1/market-data/CHOT/quote").then().statusCode(200);
        clock.advance(Duration.ofSeconds(13)); // past 80 % of the 15 s TTL
        for (int i = 0; i < 3; i++) {
            user().when().get("/api/v1/market-data/CHOT/quote").then().statusCode(200).body("cache.source", equalTo("memory"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Polygon.calls(wireMock, "/v2/last/nbbo/CHOT")).isEqualTo(2));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(instant(row("quote:CHOT"), "fetched_at")).isEqualTo(FRIDAY_OPEN.plusSeconds(13)));
        // readers never waited: past the original expiry the refreshed entry is still fresh in memory
        clock.advance(Duration.ofSeconds(5));
        user().when().get("/api/v1/market-data/CHOT/quote").then().statusCode(200).body("cache.source", equalTo("memory"));
    }

    @Test
    void theMemoryLevelIsBoundedByBytesNotByEntryCount() {
        // issue 15: ~30 maximum-size series (50,000 bars, ~315 bytes each) filled the 512 MB heap of a 10,000-entry cache
        long budget = config.cache().memoryMaxBytes().asLongValue();
        List<Bar> bars = new ArrayList<>();
        Instant start = Instant.parse("2024-01-02T14:30:00Z");
        for (int i = 0; i < 50_000; i++) {
            bars.add(new Bar(start.plusSeconds(60L * i), new BigDecimal("471.5032"), new BigDecimal("472.5064"),
                    new BigDecimal("470.4489"), new BigDecimal("471.4604"), new BigDecimal("642646.396"), new BigDecimal("471.469"), 82L));
        }
        long perSeries = 50_000L * CacheWeigher.BAR_BYTES;
        int series = (int) (budget / perSeries) + 3;
        long evictionsBefore = stats.of(DataType.BARS).evictions();
        cache.clearMemory();
        try {
            for (int i = 0; i < series; i++) {
                CacheKey.BarsKey key = new CacheKey.BarsKey(Ticker.of("CMEM" + (char) ('A' + i)), 1, Timespan.MINUTE,
                        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 7), true);
                cache.put(key, new BarSeries(key.from(), key.to(), bars)).await().atMost(Duration.ofSeconds(30));
            }
            cache.cleanUpMemory();
            assertThat(cache.memoryBytes()).as("weighed bytes held").isLessThanOrEqualTo(budget);
            assertThat(cache.memoryEntries(DataType.BARS)).as("series held in memory").isLessThanOrEqualTo(budget / perSeries)
                    .isPositive();
            assertThat(stats.of(DataType.BARS).evictions() - evictionsBefore).isGreaterThanOrEqualTo(3);
            user().when().get("/api/v1/market-data/health").then().statusCode(200)
                    .body("cache_memory_bytes", org.hamcrest.Matchers.lessThanOrEqualTo((int) budget));
        } finally {
            cache.clearMemory(); // the other tests' small entries must not compete with these for the budget
        }
    }

    @Test
    void barsOfOverlappingRangesShareTheirBuckets() {
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/CBKT/range/1/day/2005-04-01/2005-12-31")),
                Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"), 0));
        user().when().get("/api/v1/market-data/CBKT/historical?from=2005-04-01&to=2005-04-04").then().statusCode(200)
                .body("count", equalTo(2));
        // another range inside the same bucket: no upstream call, the bars it covers
        user().when().get("/api/v1/market-data/CBKT/historical?from=2005-04-02&to=2005-06-30").then().statusCode(200)
                .body("count", equalTo(1)).body("bars[0].start", equalTo("2005-04-04T04:00:00Z"))
                .body("cache.source", equalTo("memory"));
        cache.clearMemory();
        user().when().get("/api/v1/market-data/CBKT/historical?from=2005-04-01&to=2005-04-01").then().statusCode(200)
                .body("count", equalTo(1)).body("cache.source", equalTo("database"));
        assertThat(Polygon.callsMatching(wireMock, "/v2/aggs/ticker/CBKT/range/.*")).isEqualTo(1);
        // one row per bucket, whatever the ranges asked
        assertThat(row("bars:CBKT:1:day:2005-01-01:2005-12-31:true")).isNotNull();
        long rows = pool.query("select count(*) from cache_entry where ticker = 'CBKT'").execute().await()
                .atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        assertThat(rows).isEqualTo(1);
        // a range reaching before the bucket's fetched start goes back for it
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/CBKT/range/1/day/2005-03-01/2005-12-31")),
                Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"), 0));
        user().when().get("/api/v1/market-data/CBKT/historical?from=2005-03-01&to=2005-04-04").then().statusCode(200)
                .body("count", equalTo(2)).body("cache.source", equalTo("upstream"));
    }

    @Test
    void cleanupDeletesEntriesPastTheirRetention() {
        Polygon.stubQuote(wireMock, "CCLN");
        user().when().get("/api/v1/market-data/CCLN/quote").then().statusCode(200);
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/CCLN/range/1/day/2005-04-01/2005-12-31")),
                Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"), 0));
        user().when().get("/api/v1/market-data/CCLN/historical?from=2005-04-01&to=2005-04-04").then().statusCode(200);

        clock.advance(Duration.ofDays(6));
        cleanup.cleanUp().await().atMost(Duration.ofSeconds(5));
        assertThat(row("quote:CCLN")).as("still within the 7-day stale retention").isNotNull();

        clock.advance(Duration.ofDays(2));
        int deleted = cleanup.cleanUp().await().atMost(Duration.ofSeconds(5));
        assertThat(deleted).isPositive();
        assertThat(row("quote:CCLN")).isNull();
        assertThat(row("bars:CCLN:1:day:2005-01-01:2005-12-31:true")).isNotNull();
    }

    @Test
    void adminRefreshesKeysOrATickerNow() {
        Polygon.stubQuote(wireMock, "CREF");
        user().when().get("/api/v1/market-data/CREF/quote").then().statusCode(200);
        String body = "{\"keys\":[\"quote:CREF\"]}";
        user().contentType("application/json").body(body).when().post("/api/v1/market-data/cache/refresh").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        admin().contentType("application/json").body(body).when().post("/api/v1/market-data/cache/refresh").then().statusCode(200)
                .body("refreshed", equalTo(1)).body("results[0].key", equalTo("quote:CREF"));
        admin().contentType("application/json").body("{\"ticker\":\"cref\"}").when().post("/api/v1/market-data/cache/refresh")
                .then().statusCode(200).body("refreshed", equalTo(1)).body("failed", equalTo(0));
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/CREF")).isEqualTo(3);

        admin().contentType("application/json").body("{\"keys\":[\"quote:CREF\",\"nonsense\"]}")
                .when().post("/api/v1/market-data/cache/refresh").then().statusCode(400).body("errors[0].field", equalTo("keys[1]"));
        admin().contentType("application/json").body("{}").when().post("/api/v1/market-data/cache/refresh").then().statusCode(400);
    }

    @Test
    void statsHealthAndPrometheus() {
        Polygon.stubQuote(wireMock, "CSTA");
        user().when().get("/api/v1/market-data/CSTA/quote").then().statusCode(200);
        user().when().get("/api/v1/market-data/CSTA/quote").then().statusCode(200);
        user().when().get("/api/v1/market-data/cache/stats").then().statusCode(200)
                .body("quote.hits", greaterThan(0)).body("quote.misses", greaterThan(0))
                .body("quote.entries", greaterThan(0))
                .body("quote.hit_ratio", org.hamcrest.Matchers.both(greaterThan(0f)).and(org.hamcrest.Matchers.lessThan(1f)))
                .body("options.hits", org.hamcrest.Matchers.notNullValue())
                .body("bars.evictions", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
        user().when().get("/api/v1/market-data/health").then().statusCode(200)
                .body("database.status", equalTo("UP"))
                .body("upstream.breaker", equalTo("CLOSED"))
                .body("rate_budget.name", equalTo("polygon-free"))
                .body("rate_budget.capacities[0]", equalTo(1000f))
                .body("cache_entries.quote", greaterThan(0));
        String metrics = given().when().get("http://localhost:" + managementPort + "/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).contains("marketdata_cache_requests_total{result=\"memory_hit\",type=\"quote\"}")
                .contains("marketdata_cache_entries{type=\"quote\"}")
                .contains("marketdata_cache_evictions_total{type=\"options\"}");
        given().when().get("http://localhost:" + managementPort + "/q/health/ready").then().statusCode(200);
    }

    private Row row(String key) {
        var rows = pool.preparedQuery(
                "select cache_key, data_type, payload::text as payload, jsonb_typeof(payload) as kind, fetched_at, fresh_until, keep_until "
                        + "from cache_entry where cache_key = $1")
                .execute(Tuple.of(key)).await().atMost(Duration.ofSeconds(5));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    private static Instant instant(Row row, String column) {
        assertThat(row).as("cache row").isNotNull();
        return row.getOffsetDateTime(column).withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }
}
