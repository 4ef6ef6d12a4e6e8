package io.suite.catalog.client;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.support.CatalogWireMock;
import io.suite.catalog.support.Upstreams;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import io.suite.testing.JwtKeys;
import jakarta.inject.Inject;

/** Creators API adapter against WireMock: token request, cached token, one re-fetch after 401, headers, errors. */
@QuarkusTest
class CreatorsProductSourceTest {

    static final String TOKEN = "/cognito/us-east-1/oauth2/token";
    static final String ITEMS = "/catalog/v1/getItems";
    static final String REPLY = "{\"itemsResult\":{\"items\":[{\"asin\":\"B08DQQ8CBP\",\"itemInfo\":{\"title\":{\"displayValue\":"
            + "\"ESP32-DevKitC-32UE\"}},\"offersV2\":{\"listings\":[{\"price\":{\"money\":{\"amount\":11.99,\"currency\":\"USD\","
            + "\"displayAmount\":\"$11.99\"}},\"availability\":{\"type\":\"IN_STOCK\",\"message\":\"In Stock\"}}]}}]}}";

    WireMockServer wireMock;

    @Inject
    CreatorsProductSource creators;

    @Inject
    MarketplaceRepository marketplaces;

    Marketplace us;

    @BeforeEach
    void reset() {
        us = marketplaces.findByCode("www.amazon.com").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        Upstreams.reset(wireMock, creators, us);
        creators.forgetToken();
    }

    FetchResult fetch(CallStats stats) {
        return creators.getItems(us, List.of("B08DQQ8CBP"), stats).await().atMost(Duration.ofSeconds(20));
    }

    void tokenReplies(String... tokens) {
        String state = Scenario.STARTED;
        for (int i = 0; i < tokens.length; i++) {
            String next = i + 1 < tokens.length ? "token " + (i + 1) : state;
            wireMock.stubFor(post(urlEqualTo(TOKEN)).inScenario("tokens").whenScenarioStateIs(state)
                    .willReturn(okJson("{\"access_token\":\"" + tokens[i] + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"))
                    .willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void fetchesATokenWithClientCredentialsThenCallsGetItemsWithIt() {
        tokenReplies("tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        FetchResult result = fetch(new CallStats());

        assertThat(result.items().get("B08DQQ8CBP").currentPrice()).isEqualByComparingTo("11.99");
        wireMock.verify(1, postRequestedFor(urlEqualTo(TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withHeader("Authorization", absent())
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=test-creators-id"))
                .withRequestBody(containing("client_secret=test-creators-secret"))
                .withRequestBody(containing("scope=creatorsapi%2Fdefault")));
        wireMock.verify(1, postRequestedFor(urlEqualTo(ITEMS))
                .withHeader("Authorization", equalTo("Bearer tok-1, Version 2.1"))
                .withHeader("x-marketplace", equalTo("www.amazon.com"))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Accept", containing("application/json"))
                .withRequestBody(equalToJson("{\"partnerTag\":\"test-20\",\"itemIds\":[\"B08DQQ8CBP\"],\"resources\":["
                        + "\"itemInfo.title\",\"itemInfo.byLineInfo\",\"itemInfo.features\",\"images.primary.large\","
                        + "\"images.variants.large\",\"customerReviews.count\",\"customerReviews.starRating\","
                        + "\"offersV2.listings.price\",\"offersV2.listings.availability\",\"parentASIN\"]}", false, false)));
    }

    @Test
    void theTokenIsCachedAcrossCalls() {
        tokenReplies("tok-1", "tok-2");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        fetch(new CallStats());
        fetch(new CallStats());
        fetch(new CallStats());

        wireMock.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
        wireMock.verify(3, postRequestedFor(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer tok-1, Version 2.1")));
    }

    @Test
    void anExpiredTokenIsDroppedAndFetchedOnceMore() {
        tokenReplies("tok-old", "tok-new");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer tok-old, Version 2.1"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"The access token has expired.\",\"reason\":\"TokenExpired\",\"type\":\"UnauthorizedException\"}")));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer tok-new, Version 2.1"))
                .willReturn(okJson(REPLY)));
        CallStats stats = new CallStats();

        assertThat(fetch(stats).items()).containsKey("B08DQQ8CBP");

        assertThat(stats.attempts()).as("the re-fetch is not a retry").isEqualTo(1);
        wireMock.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aTokenRefusedTwiceFailsWithoutLooping() {
        tokenReplies("tok-a", "tok-b", "tok-c");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"The access token is invalid.\",\"reason\":\"InvalidToken\",\"type\":\"UnauthorizedException\"}")));

        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOfSatisfying(UpstreamUnauthorizedException.class,
                e -> assertThat(e.code()).contains("InvalidToken"));
        wireMock.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aValidationErrorIsRejectedWithTheUpstreamsReason() {
        tokenReplies("tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"The partner tag is invalid or not mapped to this credential.\",\"reason\":\"InvalidPartnerTag\","
                        + "\"type\":\"ValidationException\"}")));

        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOfSatisfying(UpstreamRejectedException.class,
                e -> assertThat(e.code()).contains("InvalidPartnerTag"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aBadClientCredentialIsNotRetried() {
        wireMock.stubFor(post(urlEqualTo(TOKEN)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\"}")));

        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOfSatisfying(UpstreamRejectedException.class,
                e -> assertThat(e.code()).contains("invalid_client"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
        wireMock.verify(0, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void throttlingIsRetried() {
        tokenReplies("tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Rate exceeded\",\"serviceCode\":\"creatorsapi\",\"quotaCode\":\"GetItems-TPS\"}"))
                .willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).inScenario("429").whenScenarioStateIs("ok").willReturn(okJson(REPLY)));
        CallStats stats = new CallStats();

        assertThat(fetch(stats).items()).containsKey("B08DQQ8CBP");
        assertThat(stats.attempts()).isEqualTo(2);
        wireMock.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
    }

    @Test
    void persistentThrottlingEndsAsARateLimit() {
        tokenReplies("tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(429).withBody("{\"message\":\"Rate exceeded\"}")));
        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOf(UpstreamRateLimitedException.class);
        wireMock.verify(4, postRequestedFor(urlEqualTo(ITEMS)));
    }
}
