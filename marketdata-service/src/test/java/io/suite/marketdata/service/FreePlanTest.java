package io.suite.marketdata.service;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.repository.EntitlementRepository;
import io.suite.marketdata.testing.MutableClock;
import io.suite.marketdata.testing.Polygon;
import io.suite.marketdata.testing.SharedState;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * The seed's own configuration: a free ("Basic") key, as Polygon answers it (403 NOT_AUTHORIZED for last trade, NBBO
 * and the snapshots; the timeframe 403 beyond two years), with no plan declared: the service learns what the key may
 * read, shares it through Postgres, spends no further call on a refusal, and serves the best the plan allows.
 */
@QuarkusTest
class FreePlanTest {

    private static final String P = Polygon.PREFIX;
    /** Friday 2024-01-19, 10:00 in New York: the previous close is Thursday the 18th's. */
    private static final Instant FRIDAY_OPEN = Instant.parse("2024-01-19T15:00:00Z");
    private static final LocalDate THURSDAY = LocalDate.of(2024, 1, 18);

    @InjectWireMock
    WireMockServer wireMock;
    MutableClock clock;
    final List<StubMapping> stubs = new ArrayList<>();

    @Inject
    Pool pool;

    @Inject
    Entitlements entitlements;

    @Inject
    EntitlementRepository repository;

    @Inject
    MarketDataConfig config;

    @Inject
    MarketDataCache cache;

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @BeforeEach
    void freeKey() {
        clock = new MutableClock(FRIDAY_OPEN);
        QuarkusMock.installMockForType(new MarketClock(clock), MarketClock.class);
        SharedState.forgetEntitlementsAndDailyBars(pool, entitlements);
        // each test starts cold: its counts below are its own calls
        pool.query("delete from cache_entry where ticker like 'FP%'").execute().await().atMost(Duration.ofSeconds(5));
        cache.clearMemory();
        wireMock.resetRequests();
        for (String path : List.of("/v2/last/trade/", "/v2/last/nbbo/", "/v2/snapshot/", "/v3/snapshot/", "/v1/last")) {
            stubs.add(Polygon.forbid(wireMock, path, Polygon.NOT_ENTITLED));
        }
        stubs.add(wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/grouped/locale/us/market/stocks/2024-01-18")),
                Polygon.grouped(THURSDAY, "FPA", "FPB", "FPC", "FPD", "FPE", "FPH"), 0)));
    }

    @AfterEach
    void paidKeyAgain() {
        stubs.forEach(wireMock::removeStub);
        stubs.clear();
        SharedState.forgetEntitlementsAndDailyBars(pool, entitlements);
    }

    static RequestSpecification user() {
        return given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user"));
    }

    @Test
    void aFreeKeyQuoteIsThePreviousCloseAndEachRefusedFamilyIsAskedOnceForTheFleet() {
        user().when().get("/api/v1/market-data/FPA/quote").then().statusCode(200)
                .body("source", equalTo("previous_close")).body("delayed", equalTo(true))
                .body("price", equalTo(100.25f)).body("bar.close", equalTo(100.25f))
                .body("as_of", equalTo("2024-01-18T21:00:00Z"))
                .body("last_trade", nullValue()).body("bid", nullValue()).body("ask", nullValue())
                .body("note", equalTo("the Polygon/Massive plan does not include stocks.trades, stocks.nbbo, stocks.snapshots"))
                .body("cache.stale", equalTo(false));
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/trade/.*")).as("one forbidden call per family").isEqualTo(1);
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/nbbo/.*")).isEqualTo(1);
        assertThat(Polygon.callsMatching(wireMock, "/v2/snapshot/.*")).isEqualTo(1);
        assertThat(Polygon.calls(wireMock, "/v2/aggs/grouped/locale/us/market/stocks/2024-01-18")).isEqualTo(1);

        // every other US stock: the same grouped call already paid for it, and nothing refused is asked again
        user().when().get("/api/v1/market-data/FPB/quote").then().statusCode(200)
                .body("source", equalTo("previous_close")).body("price", equalTo(101.25f));
        // a second replica: its memory is empty, only the shared tables know (Postgres level of the cache and daily bars)
        cache.clearMemory();
        Entitlements replicaB = new Entitlements(repository, new MarketClock(clock), config, new SimpleMeterRegistry());
        replicaB.refresh().await().atMost(Duration.ofSeconds(5));
        assertThat(replicaB.mayCall(DataFamily.STOCKS_TRADES).await().atMost(Duration.ofSeconds(5)).allowed()).isFalse();
        assertThat(replicaB.mayCall(DataFamily.STOCKS_SNAPSHOTS).await().atMost(Duration.ofSeconds(5)).allowed()).isFalse();
        user().when().get("/api/v1/market-data/FPC/quote").then().statusCode(200).body("source", equalTo("previous_close"));
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/.*")).isEqualTo(2);
        assertThat(Polygon.callsMatching(wireMock, "/v2/snapshot/.*")).isEqualTo(1);
        assertThat(Polygon.calls(wireMock, "/v2/aggs/grouped/locale/us/market/stocks/2024-01-18")).as("one call for the day").isEqualTo(1);

        // health and metrics say what the key may read
        user().when().get("/api/v1/market-data/health").then().statusCode(200)
                .body("upstream.status", equalTo("UP"))
                .body("entitlements.declared", equalTo(false))
                .body("entitlements.end_of_day", equalTo(true))
                .body("entitlements.key_id", not(containsString(Polygon.KEY)))
                .body("entitlements.families.'stocks.trades'.state", equalTo("forbidden"))
                .body("entitlements.families.'stocks.trades'.source", equalTo("learned"))
                .body("entitlements.families.'stocks.trades'.reason", containsString("You are not entitled to this data"))
                .body("entitlements.families.'stocks.trades'.recheck_at", equalTo("2024-01-20T15:00:00Z"))
                .body("entitlements.families.'stocks.aggregates'.state", equalTo("entitled"));
        String metrics = given().when().get("http://localhost:" + managementPort + "/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(metrics).contains("marketdata_entitlement{family=\"stocks.trades\"} 0.0")
                .contains("marketdata_entitlement{family=\"stocks.aggregates\"} 1.0")
                .contains("marketdata_upstream_not_entitled_total{family=\"stocks.trades\"}");
    }

    @Test
    void replicasProbingAnUnknownFamilyAtOnceMakeOneCall() {
        List<CompletableFuture<Entitlements.Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Entitlements replica = new Entitlements(repository, new MarketClock(clock), config, new SimpleMeterRegistry());
            decisions.add(replica.mayCall(DataFamily.FX_NBBO).subscribeAsCompletionStage());
        }
        List<Entitlements.Decision> done = decisions.stream().map(CompletableFuture::join).toList();
        assertThat(done).filteredOn(Entitlements.Decision::probe).as("one replica asks, the others wait for it").hasSize(1);
        assertThat(done).filteredOn(d -> !d.probe()).allSatisfy(d -> assertThat(d.allowed()).isFalse());
    }

    @Test
    void aRefusalIsAskedAgainAfterTheRecheckPeriod() {
        stubs.add(wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/grouped/locale/us/market/stocks/2024-01-19")),
                Polygon.grouped(THURSDAY.plusDays(1), "FPE", "FPH"), 0)));
        user().when().get("/api/v1/market-data/FPD/quote").then().statusCode(200).body("source", equalTo("previous_close"));
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/trade/.*")).isEqualTo(1);
        clock.advance(Duration.ofHours(23));
        cache.clearMemory();
        user().when().get("/api/v1/market-data/FPE/quote").then().statusCode(200);
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/trade/.*")).as("within 24 h: not asked").isEqualTo(1);
        // Saturday 16:00 UTC, past the recheck
        clock.advance(Duration.ofHours(2));
        user().when().get("/api/v1/market-data/FPH/quote").then().statusCode(200).body("source", equalTo("previous_close"))
                .body("as_of", equalTo("2024-01-19T21:00:00Z")).body("price", equalTo(101.25f));
        assertThat(Polygon.callsMatching(wireMock, "/v2/last/trade/.*")).as("asked once more after 24 h").isEqualTo(2);
        assertThat(Polygon.calls(wireMock, "/v2/aggs/grouped/locale/us/market/stocks/2024-01-19")).isEqualTo(1);
    }

    @Test
    void zeroDteChainWithoutTheSnapshotComesFromReferenceData() {
        String page2 = Polygon.fixture("contracts_page2.json").replace("\"A\"", "\"FPO\"").replace("2022-05-20", "2024-01-19")
                .replace("O:A220520", "O:FPO240119");
        String page1 = Polygon.fixture("contracts_page1.json").replace("\"A\"", "\"FPO\"").replace("2022-05-20", "2024-01-19")
                .replace("O:A220520", "O:FPO240119").replace("https://api.massive.com", wireMock.baseUrl() + P);
        stubs.add(wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/reference/options/contracts"))
                .withQueryParam("underlying_ticker", WireMock.equalTo("FPO"))
                .withQueryParam("expiration_date.gte", WireMock.equalTo("2024-01-19"))
                .withQueryParam("expiration_date.lte", WireMock.equalTo("2024-01-19"))
                .withQueryParam("contract_type", WireMock.equalTo("call")), page1, 0)));
        stubs.add(wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/reference/options/contracts"))
                .withQueryParam("cursor", WireMock.equalTo("YXA9JTdCJTIySUQlMjIlM0ElMjIy")), page2, 0)));

        String token = user().when().get("/api/v1/market-data/FPO/options?expiration=0dte&type=call&limit=15").then().statusCode(200)
                .body("source", equalTo("reference")).body("delayed", equalTo(false)).body("zero_dte", equalTo(true))
                .body("matching", equalTo(20)).body("count", equalTo(15))
                .body("contracts[0].ticker", equalTo("O:FPO240119C00065000"))
                .body("contracts[0].strike", equalTo(65)).body("contracts[0].bid", nullValue())
                .body("contracts[0].greeks", nullValue()).body("contracts[0].open_interest", nullValue())
                .body("next_token", notNullValue()).extract().path("next_token");
        user().when().get("/api/v1/market-data/FPO/options?expiration=0dte&type=call&limit=15&next_token=" + token).then()
                .statusCode(200).body("count", equalTo(5)).body("contracts[4].ticker", equalTo("O:FPO240119C00160000"))
                .body("next_token", nullValue());
        user().when().get("/api/v1/market-data/FPO/options?expiration=0dte&type=call&strike_min=150").then().statusCode(200)
                .body("matching", equalTo(3));
        user().when().get("/api/v1/market-data/FPO/options?expiration=0dte&type=call&min_volume=1").then().statusCode(200)
                .body("count", equalTo(0)).body("note", containsString("reference data has no volume or open interest"));
        assertThat(Polygon.callsMatching(wireMock, "/v3/snapshot/options/.*")).as("the snapshot was asked once").isEqualTo(1);
        assertThat(Polygon.calls(wireMock, "/v3/reference/options/contracts"))
                .as("two pages per upstream filter set (strike_min is one, volume a local filter)").isEqualTo(4);
    }

    @Test
    void historyBeyondThePlansWindowIs400NamingFromAndTheEarliestDay() {
        stubs.add(wireMock.stubFor(get(urlPathEqualTo(P + "/v2/aggs/ticker/FPH/range/1/day/2021-01-04/2021-12-31"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(403)
                        .withHeader("Content-Type", "application/json").withBody(Polygon.TIMEFRAME))));
        user().when().get("/api/v1/market-data/FPH/historical?from=2021-01-04&to=2021-01-08").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("from"))
                .body("errors[0].message", containsString("2022-01-19"))
                .body("errors[0].message", containsString("Your plan doesn't include this data timeframe"))
                .body("detail", not(containsString(Polygon.KEY)));
        // known now: no call at all for another request that far back
        user().when().get("/api/v1/market-data/FPH/historical?from=2020-06-01&to=2020-06-05").then().statusCode(400)
                .body("errors[0].field", equalTo("from")).body("errors[0].message", containsString("2022-01-19"));
        assertThat(Polygon.callsMatching(wireMock, "/v2/aggs/ticker/FPH/range/.*")).isEqualTo(1);
        // within the window: answered
        stubs.add(wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/FPH/range/1/day/2023-03-01/2023-12-31")),
                Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json").replace("1112331600000", "1677646800000")
                        .replace("1112587200000", "1677733200000"),
                0)));
        user().when().get("/api/v1/market-data/FPH/historical?from=2023-03-01&to=2023-03-03").then().statusCode(200)
                .body("count", equalTo(2));
    }

    @Test
    void sameDayBarsOnAnEndOfDayPlanEndWithTheLatestCompleteSession() {
        // a refused snapshot says the plan is end-of-day (every plan with intraday data has snapshots)
        user().when().get("/api/v1/market-data/FPA/quote").then().statusCode(200);
        stubs.add(wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/FPE/range/5/minute/2024-01-18/2024-01-18")),
                "{\"ticker\":\"FPE\",\"status\":\"OK\",\"results\":[{\"v\":10,\"vw\":1.1,\"o\":1.1,\"c\":1.1,\"h\":1.1,\"l\":1.1,"
                        + "\"t\":1705588200000,\"n\":1}]}",
                0)));
        user().when().get("/api/v1/market-data/FPE/historical?from=2024-01-19&to=2024-01-19&timespan=minute&multiplier=5").then()
                .statusCode(200).body("from", equalTo("2024-01-18")).body("to", equalTo("2024-01-18")).body("count", equalTo(1))
                .body("note", containsString("end-of-day data: bars end with 2024-01-18, the latest complete session"));
    }

    @Test
    void aPlanWithNothingOfAnAssetClassIs403NamingTheUpstreamsReasonNotTheKey() {
        stubs.add(Polygon.forbid(wireMock, "/v2/aggs/ticker/X:", Polygon.NOT_ENTITLED));
        stubs.add(Polygon.forbid(wireMock, "/v2/aggs/ticker/X%3A", Polygon.NOT_ENTITLED));
        user().when().get("/api/v1/market-data/X:ETHUSD/quote").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:problem-type:upstream-not-entitled"))
                .body("detail", containsString("does not include crypto.aggregates (reason: plan)"))
                .body("detail", containsString("You are not entitled to this data"))
                .body("detail", not(containsString(Polygon.KEY)));
    }
}
