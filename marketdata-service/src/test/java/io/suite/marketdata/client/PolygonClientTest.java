package io.suite.marketdata.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.marketdata.service.Entitlements;
import io.suite.marketdata.testing.Polygon;
import io.suite.marketdata.testing.SharedState;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import io.suite.testing.InjectWireMock;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** The guarded Polygon client (HTTP, paging, mapping) against WireMock serving the real captured replies. */
@QuarkusTest
class PolygonClientTest {

    private static final String P = Polygon.PREFIX;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    PolygonClient client;

    @Inject
    Entitlements entitlements;

    @Inject
    Pool pool;

    @AfterEach
    void forgetWhatTheKeyWasRefused() {
        SharedState.forgetEntitlementsAndDailyBars(pool, entitlements);
    }

    @Test
    void quoteSendsTheKeyAsBearerHeaderOnlyAndKeepsDecimalsExact() {
        Polygon.stubQuote(wireMock, "PCQA");
        PolygonClient.LiveReply q = client.live(Ticker.of("PCQA"), true, true).await().atMost(Duration.ofSeconds(10));
        assertThat(q.trade().value().price().toPlainString()).isEqualTo("166.25");
        assertThat(q.nbbo().value().askPrice().toPlainString()).isEqualTo("155.66");
        assertThat(q.trade().outcome()).isEqualTo(PolygonClient.Outcome.ANSWERED);
        assertThat(q.nbbo().outcome()).isEqualTo(PolygonClient.Outcome.ANSWERED);
        assertThat(q.delayed()).isFalse();
        for (String path : new String[] { "/v2/last/trade/PCQA", "/v2/last/nbbo/PCQA" }) {
            wireMock.verify(1, getRequestedFor(urlPathEqualTo(P + path))
                    .withHeader("Authorization", equalTo(Polygon.BEARER))
                    .withQueryParam("apiKey", absent()));
        }
        assertThat(wireMock.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).doesNotContain(Polygon.KEY));
    }

    @Test
    void aForbiddenHalfIsReportedAndNeverFailsTheOtherHalf() {
        Polygon.stubQuote(wireMock, "PCQH");
        wireMock.stubFor(get(urlPathEqualTo(P + "/v2/last/nbbo/PCQH")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(Polygon.NOT_ENTITLED)));
        PolygonClient.LiveReply live = client.live(Ticker.of("PCQH"), true, true).await().atMost(Duration.ofSeconds(10));
        assertThat(live.trade().value().price().toPlainString()).isEqualTo("166.25");
        assertThat(live.nbbo().outcome()).isEqualTo(PolygonClient.Outcome.FORBIDDEN);
        assertThat(live.nbbo().value()).isNull();
    }

    @Test
    void optionChainFromReferenceDataFollowsItsNextUrl() {
        String page1 = Polygon.fixture("contracts_page1.json").replace("https://api.massive.com", wireMock.baseUrl() + P);
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/reference/options/contracts"))
                .withQueryParam("underlying_ticker", equalTo("A")).withQueryParam("cursor", absent()), page1, 0));
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/reference/options/contracts"))
                .withQueryParam("cursor", equalTo("YXA9JTdCJTIySUQlMjIlM0ElMjIy")), Polygon.fixture("contracts_page2.json"), 0));
        CacheKey.ChainKey key = new CacheKey.ChainKey(Ticker.of("A"), LocalDate.of(2022, 5, 20), LocalDate.of(2022, 5, 20),
                ContractType.CALL, null, null);
        OptionChain chain = client.optionReference(key).await().atMost(Duration.ofSeconds(10));
        assertThat(chain.source()).isEqualTo(OptionChain.Source.REFERENCE);
        assertThat(chain.contracts()).hasSize(20).allSatisfy(c -> {
            assertThat(c.bid()).isNull();
            assertThat(c.volume()).isNull();
            assertThat(c.underlying()).isEqualTo("A");
        });
        wireMock.verify(getRequestedFor(urlPathEqualTo(P + "/v3/reference/options/contracts"))
                .withQueryParam("expiration_date.gte", equalTo("2022-05-20")).withQueryParam("expiration_date.lte", equalTo("2022-05-20"))
                .withQueryParam("contract_type", equalTo("call")).withQueryParam("limit", equalTo("1000"))
                .withHeader("Authorization", equalTo(Polygon.BEARER)));
        wireMock.verify(getRequestedFor(urlPathEqualTo(P + "/v3/reference/options/contracts"))
                .withQueryParam("cursor", equalTo("YXA9JTdCJTIySUQlMjIlM0ElMjIy")).withHeader("Authorization", equalTo(Polygon.BEARER)));
    }

    @Test
    void aContractOfAnUnexpectedShapeIsSkippedNotAllowedToFailTheChain() {
        String page = """
                {"status":"OK","request_id":"r3","results":[
                 {"details":{"contract_type":"put","expiration_date":"2023-06-16","strike_price":"one hundred forty",
                  "ticker":"O:AAPL230616P00140000"},"last_quote":{"bid":1.1,"ask":1.2}},
                 {"details":{"contract_type":"call","exercise_style":"american","expiration_date":"2023-06-16",
                  "shares_per_contract":100,"strike_price":150,"ticker":"O:AAPL230616C00150000"},
                  "open_interest":"lots","last_quote":{"bid":2.1,"ask":2.3}},
                 {"details":{"contract_type":"call","exercise_style":"american","expiration_date":"2023-06-16",
                  "shares_per_contract":100,"strike_price":155,"ticker":"O:AAPL230616C00155000"},"last_quote":{"bid":1.0,"ask":1.4}}]}""";
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/PCOD")), page, 0));

        CacheKey.ChainKey key = new CacheKey.ChainKey(Ticker.of("PCOD"), LocalDate.of(2023, 6, 16), LocalDate.of(2023, 6, 16), null,
                null, null);
        OptionChain chain = client.optionChain(key).await().atMost(Duration.ofSeconds(10));

        assertThat(chain.contracts()).extracting(c -> c.ticker()).containsExactly("O:AAPL230616C00155000");
        assertThat(chain.contracts().get(0).mid().toPlainString()).isEqualTo("1.2");
    }

    @Test
    void optionChainFollowsNextUrlToOurBaseUrlWithTheHeaderSentAgain() {
        // page 1: the real capture plus a next_url on the real host; page 2: a lower-plan contract without greeks
        String page1 = Polygon.fixture("options_snapshot_AAPL.json").replace("\"status\": \"OK\"",
                "\"status\": \"OK\", \"next_url\": \"https://api.massive.com/v3/snapshot/options/PCOC?cursor=cGFnZTI%3D\"");
        String page2 = """
                {"status":"OK","request_id":"r2","results":[{"details":{"contract_type":"put","exercise_style":"american",
                 "expiration_date":"2023-06-16","shares_per_contract":100,"strike_price":140,"ticker":"O:AAPL230616P00140000"},
                 "day":{"volume":1},"open_interest":10,"last_quote":{"bid":1.1,"ask":1.2},"underlying_asset":{"ticker":"PCOC"}}]}""";
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/PCOC")).withQueryParam("cursor", absent()), page1, 0));
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v3/snapshot/options/PCOC")).withQueryParam("cursor", equalTo("cGFnZTI=")),
                page2, 0));

        CacheKey.ChainKey key = new CacheKey.ChainKey(Ticker.of("PCOC"), LocalDate.of(2023, 6, 16), LocalDate.of(2023, 6, 16), null,
                null, null);
        OptionChain chain = client.optionChain(key).await().atMost(Duration.ofSeconds(10));

        assertThat(chain.contracts()).extracting(c -> c.ticker()).containsExactly("O:AAPL230616C00150000", "O:AAPL230616P00140000");
        assertThat(chain.contracts().get(1).contractType()).isEqualTo(ContractType.PUT);
        assertThat(chain.contracts().get(1).greeks()).isNull();
        assertThat(chain.contracts().get(1).mid().toPlainString()).isEqualTo("1.15");
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(P + "/v3/snapshot/options/PCOC"))
                .withQueryParam("expiration_date.gte", equalTo("2023-06-16"))
                .withQueryParam("expiration_date.lte", equalTo("2023-06-16"))
                .withQueryParam("limit", equalTo("250"))
                .withHeader("Authorization", equalTo(Polygon.BEARER)));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(P + "/v3/snapshot/options/PCOC"))
                .withQueryParam("cursor", equalTo("cGFnZTI="))
                .withHeader("Authorization", equalTo(Polygon.BEARER)));
    }

    @Test
    void barsAreStitchedAcrossPages() {
        String page1 = Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json").replace("\"count\": 2",
                "\"count\": 2, \"next_url\": \"" + wireMock.baseUrl() + P
                        + "/v2/aggs/ticker/PCBS/range/1/day/1112673600000/2005-04-06?cursor=bGltaXQ9Mg\"");
        String page2 = """
                {"ticker":"PCBS","status":"OK","resultsCount":1,"results":[
                 {"v":100.5,"vw":1.47,"o":1.47,"c":1.48,"h":1.49,"l":1.46,"t":1112673600000,"n":10}]}""";
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/PCBS/range/1/day/2005-04-01/2005-04-06")), page1, 0));
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/PCBS/range/1/day/1112673600000/2005-04-06"))
                .withQueryParam("cursor", equalTo("bGltaXQ9Mg")), page2, 0));

        List<Bar> bars = client.bars(Ticker.of("PCBS"), 1, Timespan.DAY, LocalDate.of(2005, 4, 1), LocalDate.of(2005, 4, 6), true)
                .await().atMost(Duration.ofSeconds(10));

        assertThat(bars).hasSize(3);
        assertThat(bars.get(2).volume().toPlainString()).isEqualTo("100.5");
        assertThat(bars).isSortedAccordingTo((a, b) -> a.start().compareTo(b.start()));
        wireMock.verify(getRequestedFor(urlPathEqualTo(P + "/v2/aggs/ticker/PCBS/range/1/day/2005-04-01/2005-04-06"))
                .withQueryParam("adjusted", equalTo("true")).withHeader("Authorization", equalTo(Polygon.BEARER)));
        wireMock.verify(getRequestedFor(urlPathEqualTo(P + "/v2/aggs/ticker/PCBS/range/1/day/1112673600000/2005-04-06"))
                .withHeader("Authorization", equalTo(Polygon.BEARER)));
    }

    @Test
    void aNextUrlToAnotherPathIsNotFollowed() {
        String page1 = """
                {"ticker":"PCBX","status":"OK","resultsCount":1,"results":[
                 {"v":1,"vw":1.47,"o":1.47,"c":1.48,"h":1.49,"l":1.46,"t":1112673600000,"n":10}],
                 "next_url":"%s%s/v2/reference/tickers?cursor=elsewhere"}""".formatted(wireMock.baseUrl(), P);
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/PCBX/range/1/day/2005-04-01/2005-04-06")), page1, 0));

        assertThatThrownBy(() -> client.bars(Ticker.of("PCBX"), 1, Timespan.DAY, LocalDate.of(2005, 4, 1), LocalDate.of(2005, 4, 6), true)
                .await().atMost(Duration.ofSeconds(10))).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("next_url of the bars of PCBX has an unexpected path");
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(P + "/v2/reference/tickers")));
    }

    @Test
    void aNextUrlChainStopsAtMaxPagesWithWhatItRead() {
        // a next_url that always points to another page: followed up to marketdata.polygon.max-pages (40), then kept
        String page = """
                {"ticker":"PCLOOP","status":"OK","resultsCount":1,"results":[
                 {"v":1,"vw":1.47,"o":1.47,"c":1.48,"h":1.49,"l":1.46,"t":1112673600000,"n":10}],
                 "next_url":"%s%s/v2/aggs/ticker/PCLOOP/range/1/day/2005-04-01/2005-04-06?cursor=again"}"""
                .formatted(wireMock.baseUrl(), P);
        wireMock.stubFor(Polygon.json(get(urlPathEqualTo(P + "/v2/aggs/ticker/PCLOOP/range/1/day/2005-04-01/2005-04-06")), page, 0));

        List<Bar> bars = client.bars(Ticker.of("PCLOOP"), 1, Timespan.DAY, LocalDate.of(2005, 4, 1), LocalDate.of(2005, 4, 6), true)
                .await().atMost(Duration.ofSeconds(30));

        assertThat(bars).hasSize(40);
        wireMock.verify(40, getRequestedFor(urlPathEqualTo(P + "/v2/aggs/ticker/PCLOOP/range/1/day/2005-04-01/2005-04-06")));
    }

    @Test
    void aMalformedReplyIsAnUpstreamFailureNotOurs() {
        wireMock.stubFor(get(urlPathEqualTo(P + "/v2/last/trade/PCMAL")).willReturn(aResponse().withStatus(200).withBody("<html>")));
        assertThatThrownBy(() -> client.live(Ticker.of("PCMAL"), true, false).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(UpstreamUnavailableException.class);
    }
}
