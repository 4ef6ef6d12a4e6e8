package io.suite.marketdata.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.suite.marketdata.service.MarketClock;
import io.suite.marketdata.testing.MutableClock;
import io.suite.marketdata.testing.Polygon;
import io.suite.testing.InjectWireMock;
import io.suite.testing.JwtKeys;

/** The three data endpoints over HTTP: authentication, every filter and validation rule, and the response shapes. */
@QuarkusTest
class MarketDataResourceTest {

    private static final String P = Polygon.PREFIX;
    /** Friday 2024-01-19, 10:00 in New York: the session is open. */
    private static final Instant FRIDAY_OPEN = Instant.parse("2024-01-19T15:00:00Z");

    @InjectWireMock
    WireMockServer wireMock;
    MutableClock clock;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @BeforeEach
    void fixedClock() {
        clock = new MutableClock(FRIDAY_OPEN);
        QuarkusMock.installMockForType(new MarketClock(clock), MarketClock.class);
    }

    static RequestSpecification user() {
        return given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user"));
    }

    @Test
    void anonymousAndForgedTokensAreRefused() {
        given().header("X-Correlation-ID", "auth-1").when().get("/api/v1/market-data/SPY/quote").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("status", equalTo(401)).body("correlation_id", equalTo("auth-1"));
        given().auth().oauth2(JwtKeys.forgedToken(UUID.randomUUID(), "user")).when().get("/api/v1/market-data/SPY/quote")
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("type", equalTo("urn:problem-type:unauthorized"));
        given().auth().oauth2("not.a.jwt").when().get("/api/v1/market-data/SPY/options").then().statusCode(401)
                .contentType("application/problem+json");
        given().when().get("/api/v1/market-data/health").then().statusCode(401);
        given().when().get("/api/v1/market-data/cache/stats").then().statusCode(401);
    }

    @Test
    void openApiDocumentsTheEndpointsWithExamples() {
        String doc = given().when().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertThat(doc).contains("/api/v1/market-data/{ticker}/quote", "/api/v1/market-data/{ticker}/options",
                "/api/v1/market-data/{ticker}/historical", "/api/v1/market-data/health", "/api/v1/market-data/cache/refresh",
                "/api/v1/market-data/cache/stats", "\"examples\"", "0dte");
    }

    /** Issue 16: the data endpoints declare every answer they give, each problem type with an example. */
    @Test
    void theDataEndpointsDeclareTheUpstreamsRefusalTheFairShareAndEveryUnavailability() {
        for (String op : List.of("quote", "options", "historical")) {
            String responses = "paths.'/api/v1/market-data/{ticker}/" + op + "'.get.responses";
            String problem = ".content.'application/problem+json'";
            given().when().get("http://localhost:" + managementPort + "/q/openapi?format=json").then().statusCode(200)
                    .body(responses + ".'502'" + problem + ".examples.'upstream-rejected'.value.type",
                            equalTo("urn:problem-type:upstream-rejected"))
                    .body(responses + ".'429'.headers", hasKey("Retry-After"))
                    .body(responses + ".'503'" + problem + ".examples.keySet()",
                            hasItems("rate-limited", "upstream-unavailable", "database-unavailable"))
                    .body(responses + ".'401'" + problem + ".examples", hasKey("unauthorized"));
        }
        given().when().get("http://localhost:" + managementPort + "/q/openapi?format=json").then()
                .body("paths.'/api/v1/market-data/{ticker}/quote'.get.responses.'403'.content.'application/problem+json'.examples",
                        hasKey("upstream-not-entitled"))
                .body("paths.'/api/v1/market-data/cache/stats'.get.responses", not(hasKey("502")));
    }

    @Test
    void lowerCaseTickerWorksAndTheQuoteSaysWhereItCameFrom() {
        Polygon.stubQuote(wireMock, "RQA");
        user().when().get("/api/v1/market-data/rqa/quote").then().statusCode(200)
                .body("ticker", equalTo("RQA"))
                .body("last_trade.price", equalTo(166.25f))
                .body("last_trade.timestamp", equalTo("2022-04-28T20:55:19.310617300Z"))
                .body("bid.price", equalTo(155.65f)).body("bid.size", equalTo(1))
                .body("ask.price", equalTo(155.66f)).body("ask.size", equalTo(14))
                .body("as_of", equalTo("2022-05-10T14:25:54.171838500Z"))
                .body("cache.source", equalTo("upstream")).body("cache.from_cache", equalTo(false))
                .body("cache.stale", equalTo(false));
        // prices are written as JSON decimals, not strings or binary-float artefacts
        String raw = user().when().get("/api/v1/market-data/RQA/quote").then().statusCode(200)
                .header("Age", "0").body("cache.source", equalTo("memory")).body("cache.from_cache", equalTo(true))
                .extract().asString();
        assertThat(raw).contains("\"price\":166.25").contains("\"price\":155.66");
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/RQA")).isEqualTo(1);
    }

    @Test
    void everyAssetClassGoesToItsOwnEndpoints() {
        // an index has a value, not trades: the indices snapshot
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/indices"))
                .withQueryParam("ticker.any_of", com.github.tomakehurst.wiremock.client.WireMock.equalTo("I:SPX")),
                Polygon.fixture("snapshot_indices_SPX.json").replace("\"SPX\"", "\"I:SPX\""), 0));
        user().when().get("/api/v1/market-data/i:spx/quote").then().statusCode(200)
                .body("ticker", equalTo("I:SPX")).body("asset_class", equalTo("indices")).body("source", equalTo("snapshot"))
                .body("price", equalTo(3822.39f)).body("last_trade", nullValue()).body("bid", nullValue());
        // a crypto pair's last trade (milliseconds; the size in exponent notation)
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v1/last/crypto/BTC/USD")), """
                {"last":{"conditions":[1],"exchange":4,"price":16835.42,"size":6.909e-03,"timestamp":1605560885027},
                 "request_id":"d2d779df015fe2b7fbb8e58366610ef7","status":"success","symbol":"BTC-USD"}""", 0));
        user().when().get("/api/v1/market-data/X:BTCUSD/quote").then().statusCode(200)
                .body("asset_class", equalTo("crypto")).body("source", equalTo("trade"))
                .body("last_trade.price", equalTo(16835.42f)).body("last_trade.size", equalTo(0.006909f))
                .body("last_trade.timestamp", equalTo("2020-11-16T21:08:05.027Z")).body("bid", nullValue());
        // a currency pair's last quote: bid and ask, no trades
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v1/last_quote/currencies/EUR/USD")), """
                {"last":{"ask":0.73124,"bid":0.73122,"exchange":48,"timestamp":1605557756000},
                 "request_id":"a73a29dbcab4613eeaf48583d3baacf0","status":"success","symbol":"EUR/USD"}""", 0));
        user().when().get("/api/v1/market-data/C:EURUSD/quote").then().statusCode(200)
                .body("asset_class", equalTo("fx")).body("source", equalTo("nbbo"))
                .body("bid.price", equalTo(0.73122f)).body("ask.price", equalTo(0.73124f)).body("price", equalTo(0.73123f))
                .body("last_trade", nullValue());
        // index options: the chain of I:SPX
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/I:SPX")), chain("I:SPX"), 0));
        user().when().get("/api/v1/market-data/I:SPX/options?expiration=2024-01-19").then().statusCode(200)
                .body("underlying", equalTo("I:SPX")).body("source", equalTo("snapshot")).body("count", equalTo(3))
                .body("contracts[0].underlying", equalTo("I:SPX"));
        // crypto and currencies have no option chains
        user().when().get("/api/v1/market-data/X:BTCUSD/options").then().statusCode(400).body("errors[0].field", equalTo("ticker"));
    }

    @ParameterizedTest
    @CsvSource({ "TOOLONGTICKER", "SP$Y", "S%20PY", "SPY1", "O:SPY", "X:BTC", "I:", "C:EURUSDX" })
    void invalidTickersAre400NamingTheField(String ticker) {
        user().when().get("/api/v1/market-data/" + ticker + "/quote").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("ticker"));
    }

    @ParameterizedTest
    @CsvSource({
            "expiration=tomorrow, expiration",
            "expiration=2024-02-30, expiration",
            "expiration=2024-03-01..2024-02-01, expiration",
            "type=straddle, type",
            "strike_min=-5, strike_min",
            "strike_min=abc, strike_min",
            "strike_min=500&strike_max=400, strike_min",
            "min_volume=-1, min_volume",
            "min_open_interest=x, min_open_interest",
            "limit=0, limit",
            "limit=251, limit",
            "limit=ten, limit",
            "next_token=not-a-cursor, next_token" })
    void optionFiltersAreValidated(String query, String field) {
        user().when().get("/api/v1/market-data/SPY/options?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field));
    }

    /**
     * Issue 15: {@code strike_min=1e30000000} used to be expanded digit by digit (660 ms CPU at 3e7, the heap at 4e8)
     * before the upstream call. Refused by its text now, naming the field, without an upstream call or budget permit.
     */
    @ParameterizedTest
    @CsvSource({
            "strike_min=1e400000000, strike_min",
            "strike_min=1e30000000, strike_min",
            "strike_max=3e7, strike_max",
            "strike_max=NaN, strike_max",
            "strike_min=Infinity, strike_min",
            "strike_min=-0, strike_min",
            "strike_min=0x1F, strike_min",
            "strike_max=1000000.5, strike_max",
            "strike_min=99999999999999999999999999999999999999999999999999, strike_min",
            "min_volume=1e9, min_volume",
            "min_open_interest=99999999999999999999, min_open_interest",
            "limit=1e2, limit",
            "type=c%00all, type",
            "expiration=%C3%28, expiration",
            "next_token=%ED%A0%80, next_token",
            "next_token=eyJ4IjoxfQ, next_token",
            "next_token=eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA, next_token" })
    void absurdOrBrokenInputIsA400BeforeAnyUpstreamCall(String query, String field) {
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/RBX")), chain("RBX"), 0));
        user().urlEncodingEnabled(false).when().get("/api/v1/market-data/RBX/options?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field));
        assertThat(Polygon.calls(wireMock, "/v3/snapshot/options/RBX")).isZero();
    }

    @ParameterizedTest
    @CsvSource({ "SP%00Y", "SP%C3%28", "%ED%A0%80" })
    void aNulOrBrokenUnicodeInThePathNamesTheTicker(String ticker) {
        user().urlEncodingEnabled(false).when().get("/api/v1/market-data/" + ticker + "/quote").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("ticker"));
    }

    @ParameterizedTest
    @CsvSource({
            "from=2024-01-10&to=2024-01-01, from",
            "from=2024-02-01&to=2024-03-01, from",
            "to=2024-01-01, from",
            "from=2024-01-01, to",
            "from=01/01/2024&to=2024-01-02, from",
            "from=2024-01-01&to=2024-01-02&timespan=fortnight, timespan",
            "from=2024-01-01&to=2024-01-02&multiplier=0, multiplier",
            "from=2024-01-01&to=2024-01-02&adjusted=maybe, adjusted",
            "from=2010-01-01&to=2024-01-19&timespan=minute, to" })
    void historicalRangesAreValidated(String query, String field) {
        user().when().get("/api/v1/market-data/SPY/historical?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field));
    }

    @Test
    void zeroDteMeansTodayInNewYorkAndAnEmptyDayIsAnAnswer() {
        // 00:30 UTC on Saturday the 20th is still Friday the 19th in New York
        clock.set(Instant.parse("2024-01-20T00:30:00Z"));
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/RZD"))
                .withQueryParam("expiration_date.gte", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2024-01-19"))
                .withQueryParam("expiration_date.lte", com.github.tomakehurst.wiremock.client.WireMock.equalTo("2024-01-19")),
                "{\"status\":\"OK\",\"request_id\":\"r\",\"results\":[]}", 0));
        user().when().get("/api/v1/market-data/rzd/options?expiration=0dte").then().statusCode(200)
                .body("underlying", equalTo("RZD"))
                .body("zero_dte", equalTo(true))
                .body("expiration_from", equalTo("2024-01-19")).body("expiration_to", equalTo("2024-01-19"))
                .body("contracts", empty()).body("count", equalTo(0))
                .body("note", equalTo("no RZD contracts expire on 2024-01-19 (America/New_York)"))
                .body("next_token", nullValue());
    }

    @Test
    void chainFiltersAndCursorPagination() {
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/RCH"))
                .withQueryParam("contract_type", com.github.tomakehurst.wiremock.client.WireMock.equalTo("call"))
                .withQueryParam("strike_price.gte", com.github.tomakehurst.wiremock.client.WireMock.equalTo("400")), chain("RCH"), 0));
        String base = "/api/v1/market-data/RCH/options?type=call&strike_min=400&expiration=2024-01-19..2024-01-26";

        var first = user().when().get(base + "&min_volume=5&limit=2").then().statusCode(200)
                .body("matching", equalTo(3)).body("count", equalTo(2))
                .body("contracts.ticker", contains("O:RCH240119C00400000", "O:RCH240119C00410000"))
                .body("contracts[0].greeks.delta", equalTo(0.5f))
                .body("contracts[1].greeks", nullValue()).body("contracts[1].implied_volatility", nullValue())
                .body("next_token", notNullValue())
                .extract().path("next_token").toString();
        user().when().get(base + "&min_volume=5&limit=2&next_token=" + first).then().statusCode(200)
                .body("contracts.ticker", contains("O:RCH240126C00400000")).body("next_token", nullValue());
        user().when().get(base + "&min_open_interest=1000").then().statusCode(200)
                .body("contracts.ticker", contains("O:RCH240126C00400000"));
        user().when().get(base.replace("2024-01-19..2024-01-26", "2024-01-26")).then().statusCode(200)
                .body("contracts", hasSize(1));
        // one upstream load served all of those (upstream filters are part of the key, local ones are not)
        assertThat(Polygon.calls(wireMock, "/v3/snapshot/options/RCH")).isEqualTo(2);
    }

    @Test
    void historicalBarsForAPastRange() {
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/RHI/range/1/day/2005-04-01/2005-12-31")),
                Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"), 0));
        user().when().get("/api/v1/market-data/rhi/historical?from=2005-04-01&to=2005-04-04").then().statusCode(200)
                .body("ticker", equalTo("RHI")).body("timespan", equalTo("day")).body("multiplier", equalTo(1))
                .body("count", equalTo(2))
                .body("bars[0].start", equalTo("2005-04-01T05:00:00Z"))
                .body("bars[0].open", equalTo(1.5032f))
                .body("bars[1].transactions", equalTo(65543));
    }

    @Test
    void aRangeReachingIntoTheFutureIsCutToToday() {
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/RFU/range/1/day/2024-01-16/2024-01-19")),
                "{\"ticker\":\"RFU\",\"status\":\"OK\",\"results\":[]}", 0));
        user().when().get("/api/v1/market-data/RFU/historical?from=2024-01-16&to=2024-02-20").then().statusCode(200)
                .body("to", equalTo("2024-01-19")).body("bars", empty());
    }

    private static String chain(String u) {
        return """
                {"status":"OK","request_id":"r","results":[
                 %s,%s,%s,%s]}""".formatted(
                contract(u, "2024-01-19", "400", 10, 500,
                        "\"greeks\":{\"delta\":0.5,\"gamma\":0.01,\"theta\":-0.1,\"vega\":0.2},\"implied_volatility\":0.2,"),
                contract(u, "2024-01-19", "410", 7, 20, ""),
                contract(u, "2024-01-19", "420", 1, 10, ""),
                contract(u, "2024-01-26", "400", 50, 2000, ""));
    }

    private static String contract(String u, String exp, String strike, int volume, int oi, String extras) {
        String ticker = "O:" + u + exp.substring(2).replace("-", "") + "C00" + strike + "000";
        return """
                {"details":{"contract_type":"call","exercise_style":"american","expiration_date":"%s","shares_per_contract":100,
                 "strike_price":%s,"ticker":"%s"},%s"day":{"volume":%d},"open_interest":%d,
                 "last_quote":{"bid":1.05,"ask":1.1,"midpoint":1.075},"underlying_asset":{"ticker":"%s"}}"""
                .formatted(exp, strike, ticker, extras, volume, oi, u);
    }

}
