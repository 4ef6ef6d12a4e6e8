package io.suite.catalog.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.support.Fixtures;
import io.suite.catalog.support.SigV4Oracle;
import io.suite.catalog.support.Upstreams;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import io.suite.testing.InjectWireMock;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** PA-API 5.0 adapter against WireMock: exact headers, body and signature inputs, and error mapping. */
@QuarkusTest
class PaapiProductSourceTest {

    static final String PATH = "/paapi5/getitems";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    PaapiProductSource paapi;

    @Inject
    MarketplaceRepository marketplaces;

    @Inject
    Stores stores;

    @Inject
    Pool pool;

    Marketplace us;

    @BeforeEach
    void reset() {
        us = marketplace("www.amazon.com");
        Upstreams.reset(wireMock, paapi, stores, us);
    }

    Marketplace marketplace(String code) {
        return marketplaces.findByCode(code).await().atMost(Duration.ofSeconds(5)).orElseThrow();
    }

    FetchResult fetch(Marketplace mp, CallStats stats, String... asins) {
        return paapi.getItems(stores.forMarketplace(mp.code()).orElseThrow(), mp, List.of(asins), stats).await()
                .atMost(Duration.ofSeconds(20));
    }

    @Test
    void sendsASignedGetItemsWithExactlyTheDocumentedHeadersAndBody() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(Fixtures.paapiFull("B08DQQ8CBP"))));

        FetchResult result = fetch(us, new CallStats(), "B08DQQ8CBP");
        assertThat(result.items().get("B08DQQ8CBP").currentPrice()).isEqualByComparingTo("29.98");

        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Encoding", equalTo("amz-1.0"))
                // WireMock's Jetty upper-cases the charset it reports; Vert.x sends the value byte for byte
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withHeader("X-Amz-Target", equalTo("com.amazon.paapi5.v1.ProductAdvertisingAPIv1.GetItems"))
                .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
                .withHeader("Host", equalTo(URI.create(wireMock.baseUrl()).getAuthority()))
                .withRequestBody(equalToJson("{\"ItemIds\":[\"B08DQQ8CBP\"],\"ItemIdType\":\"ASIN\",\"PartnerTag\":\"test-20\","
                        + "\"PartnerType\":\"Associates\",\"Marketplace\":\"www.amazon.com\",\"Resources\":[\"ItemInfo.Title\","
                        + "\"ItemInfo.ByLineInfo\",\"ItemInfo.Features\",\"Images.Primary.Large\",\"Images.Variants.Large\","
                        + "\"CustomerReviews.Count\",\"CustomerReviews.StarRating\",\"OffersV2.Listings.Price\","
                        + "\"OffersV2.Listings.Availability\",\"OffersV2.Listings.IsBuyBoxWinner\",\"ParentASIN\"]}", false, false)));
        LoggedRequest request = wireMock.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
        assertSignedFor(request, "us-east-1", "AKIDTESTCATALOG01", "test/paapi/secret");
    }

    @Test
    void aEuropeanMarketplaceIsSignedForItsRegionWithItsStoresKeysAndTag() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(Fixtures.read(Fixtures.PAAPI_DE_FULL))));

        FetchResult result = fetch(marketplace("www.amazon.de"), new CallStats(), "B07212L4G2");

        assertThat(result.items().get("B07212L4G2").currency()).isEqualTo("EUR");
        LoggedRequest request = wireMock.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
        assertThat(request.getBodyAsString()).contains("\"Marketplace\":\"www.amazon.de\"").contains("\"PartnerTag\":\"test-de-21\"");
        assertSignedFor(request, "eu-west-1", "AKIDTESTCATALOGDE", "test/paapi/secret/de");
    }

    @Test
    void twoStoresEachSignWithTheirOwnKeysAndSendTheirOwnTag() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(Fixtures.paapiFull("B08DQQ8CBP"))));

        fetch(us, new CallStats(), "B08DQQ8CBP");
        fetch(marketplace("www.amazon.de"), new CallStats(), "B08DQQ8CBP");
        fetch(marketplace("www.amazon.ca"), new CallStats(), "B08DQQ8CBP");

        List<LoggedRequest> requests = wireMock.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).getBodyAsString()).contains("\"PartnerTag\":\"test-20\"");
        assertSignedFor(requests.get(0), "us-east-1", "AKIDTESTCATALOG01", "test/paapi/secret");
        assertThat(requests.get(1).getBodyAsString()).contains("\"PartnerTag\":\"test-de-21\"");
        assertSignedFor(requests.get(1), "eu-west-1", "AKIDTESTCATALOGDE", "test/paapi/secret/de");
        assertThat(requests.get(2).getBodyAsString()).contains("\"PartnerTag\":\"test-ca-20\"").contains("www.amazon.ca");
        assertSignedFor(requests.get(2), "us-east-1", "AKIDTESTCATALOG01", "test/paapi/secret");
    }

    @Test
    void aDailyQuotaAnswerIsNotRetried() {
        // PA-API answers an exhausted TPD with a 503 (Amazon's efficiency guidelines) or a 429 saying so
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"__type\":\"com.amazon.paapi5#TooManyRequestsException\",\"Errors\":[{\"Code\":\"TooManyRequests\","
                        + "\"Message\":\"You have exceeded the daily request quota (TPD) of your account.\"}]}")));
        CallStats stats = new CallStats();

        assertThatThrownBy(() -> fetch(marketplace("www.amazon.co.uk"), stats, "B08DQQ8CBP"))
                .isInstanceOfSatisfying(UpstreamRateLimitedException.class, e -> assertThat(e.code()).contains(DailyQuota.CODE));
        assertThat(stats.attempts()).isEqualTo(1);
        assertThat(paapi.breakerState()).as("a spent quota is not an outage").isEqualTo(CircuitBreakerState.CLOSED);
        pool.preparedQuery("update resilience_rate_budget set cooldown_until = null where name = 'product-data-de'")
                .execute(Tuple.tuple()).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void tenAsinsGoInOneCall() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(Fixtures.paapiReply(List.of(), List.of()))));
        String[] asins = new String[10];
        for (int i = 0; i < 10; i++) {
            asins[i] = String.format("B0000000%02d", i);
        }
        FetchResult result = fetch(us, new CallStats(), asins);
        assertThat(result.errors()).hasSize(10);
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aThrottledCallIsRetriedAndThenSucceeds() {
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"__type\":\"com.amazon.paapi5#TooManyRequestsException\",\"Errors\":[{\"Code\":\"TooManyRequests\","
                                + "\"Message\":\"The request was denied due to request throttling.\"}]}"))
                .willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.paapiFull("B08DQQ8CBP"))));
        CallStats stats = new CallStats();

        FetchResult result = fetch(us, stats, "B08DQQ8CBP");

        assertThat(result.items()).containsKey("B08DQQ8CBP");
        assertThat(stats.attempts()).isEqualTo(2);
        wireMock.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void serverErrorsAreRetriedThreeTimesThenReportedUnavailable() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withBody("{\"Errors\":[{\"Code\":\"InternalFailure\",\"Message\":\"internal error\"}]}")));
        CallStats stats = new CallStats();

        assertThatThrownBy(() -> fetch(us, stats, "B08DQQ8CBP")).isInstanceOf(UpstreamUnavailableException.class)
                .hasMessageContaining("InternalFailure");

        assertThat(stats.attempts()).isEqualTo(4);
        assertThat(stats.retries()).isEqualTo(3);
        wireMock.verify(4, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aTimeoutIsRetried() {
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(Fixtures.paapiFull("B08DQQ8CBP")).withFixedDelay(1_500)).willSetStateTo("fast"));
        wireMock.stubFor(post(urlEqualTo(PATH)).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(okJson(Fixtures.paapiFull("B08DQQ8CBP"))));
        CallStats stats = new CallStats();

        assertThat(fetch(us, stats, "B08DQQ8CBP").items()).containsKey("B08DQQ8CBP");
        assertThat(stats.attempts()).isEqualTo(2);
    }

    @Test
    void aRefusedSignatureIsNeverRetried() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"__type\":\"com.amazon.paapi5#InvalidSignatureException\",\"Errors\":[{\"Code\":\"InvalidSignature\","
                        + "\"Message\":\"The request has not been correctly signed.\"}]}")));

        assertThatThrownBy(() -> fetch(us, new CallStats(), "B08DQQ8CBP")).isInstanceOfSatisfying(UpstreamUnauthorizedException.class,
                e -> assertThat(e.code()).contains("InvalidSignature"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aBadRequestIsNeverRetried() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"__type\":\"com.amazon.paapi5#ValidationException\",\"Errors\":[{\"Code\":\"InvalidPartnerTag\","
                        + "\"Message\":\"The partner tag is invalid or not present.\"}]}")));

        assertThatThrownBy(() -> fetch(us, new CallStats(), "B08DQQ8CBP")).isInstanceOfSatisfying(UpstreamRejectedException.class,
                e -> assertThat(e.code()).contains("InvalidPartnerTag"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsARateLimit() {
        wireMock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429)
                .withBody("{\"Errors\":[{\"Code\":\"TooManyRequests\",\"Message\":\"throttled\"}]}")));

        assertThatThrownBy(() -> fetch(us, new CallStats(), "B08DQQ8CBP")).isInstanceOf(UpstreamRateLimitedException.class);
        wireMock.verify(4, postRequestedFor(urlEqualTo(PATH)));
    }

    /** Recomputes the signature from what the server received, with an independent SigV4 implementation. */
    static void assertSignedFor(LoggedRequest request, String region, String accessKey, String secretKey) {
        Map<String, String> headers = new TreeMap<>();
        for (HttpHeader h : request.getHeaders().all()) {
            headers.put(h.key().toLowerCase(), h.firstValue());
        }
        // Jetty (inside WireMock) reports the charset upper-cased; what went on the wire is the documented value
        assertThat(headers.get("content-type")).isEqualToIgnoringCase("application/json; charset=utf-8");
        headers.put("content-type", "application/json; charset=utf-8");
        SigV4Oracle.Parsed auth = SigV4Oracle.parse(headers.get("authorization"));
        assertThat(auth.accessKey()).isEqualTo(accessKey);
        assertThat(auth.region()).isEqualTo(region);
        assertThat(auth.service()).isEqualTo("ProductAdvertisingAPI");
        assertThat(auth.date()).isEqualTo(headers.get("x-amz-date").substring(0, 8));
        String creq = SigV4Oracle.canonicalRequest("POST", PATH, headers, auth.signedHeaders(), request.getBody());
        assertThat(auth.signature()).as("signature over the received request")
                .isEqualTo(SigV4Oracle.signature(secretKey, headers.get("x-amz-date"), region, "ProductAdvertisingAPI", creq));
    }
}
