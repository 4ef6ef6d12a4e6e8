package io.suite.catalog.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.ItemError;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.repository.MarketplaceRepository;
import io.suite.catalog.support.Upstreams;
import io.suite.resilience.budget.RateBudgets;
import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnauthorizedException;
import io.suite.testing.InjectWireMock;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Creators API adapter against WireMock, as Amazon's SDK 1.2.0 talks to it: per credential version the token endpoint,
 * body format and scope, the Authorization header with or without Version, one token per store (cached until 30 s
 * before it expires, fetched once however many calls wait for it), one re-fetch after a 401, 404 as "not found", and a
 * daily-quota answer that closes the store's budget instead of being retried. The test stores: us (3.1, LWA) and de
 * (2.2, Cognito EU).
 */
@QuarkusTest
class CreatorsProductSourceTest {

    static final String US_TOKEN = Upstreams.US_TOKEN;
    static final String DE_TOKEN = Upstreams.DE_TOKEN;
    static final String ITEMS = "/catalog/v1/getItems";
    static final String REPLY = "{\"itemsResult\":{\"items\":[{\"asin\":\"B08DQQ8CBP\",\"itemInfo\":{\"title\":{\"displayValue\":"
            + "\"ESP32-DevKitC-32UE\"}},\"offersV2\":{\"listings\":[{\"price\":{\"money\":{\"amount\":11.99,\"currency\":\"USD\","
            + "\"displayAmount\":\"$11.99\"}},\"availability\":{\"type\":\"IN_STOCK\",\"message\":\"In Stock\"}}]}}]}}";
    static final String RESOURCES = "\"resources\":[\"itemInfo.title\",\"itemInfo.byLineInfo\",\"itemInfo.features\","
            + "\"images.primary.large\",\"images.variants.large\",\"customerReviews.count\",\"customerReviews.starRating\","
            + "\"offersV2.listings.price\",\"offersV2.listings.availability\",\"offersV2.listings.isBuyBoxWinner\",\"parentASIN\"]";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    CreatorsProductSource creators;

    @Inject
    CreatorsTokens tokens;

    @Inject
    MarketplaceRepository marketplaces;

    @Inject
    Stores stores;

    @Inject
    RateBudgets budgets;

    @Inject
    Pool pool;

    Marketplace us;
    Marketplace de;

    @BeforeEach
    void reset() {
        us = marketplaces.findByCode("www.amazon.com").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        de = marketplaces.findByCode("www.amazon.de").await().atMost(Duration.ofSeconds(5)).orElseThrow();
        Upstreams.reset(wireMock, creators, stores, us);
        tokens.forgetAll();
    }

    @AfterEach
    void reopenBudgets() {
        // a daily-quota test closes a store's budget for hours; the next test starts with it open
        pool.preparedQuery("update resilience_rate_budget set cooldown_until = null where name like 'product-data-%'")
                .execute(Tuple.tuple()).await().atMost(Duration.ofSeconds(5));
    }

    FetchResult fetch(Marketplace mp, CallStats stats, String... asins) {
        return creators.getItems(stores.forMarketplace(mp.code()).orElseThrow(), mp, List.of(asins), stats)
                .await().atMost(Duration.ofSeconds(20));
    }

    FetchResult fetch(CallStats stats) {
        return fetch(us, stats, "B08DQQ8CBP");
    }

    void tokenReplies(String path, String... tokens) {
        String state = Scenario.STARTED;
        for (int i = 0; i < tokens.length; i++) {
            String next = i + 1 < tokens.length ? "token " + (i + 1) : state;
            wireMock.stubFor(post(urlEqualTo(path)).inScenario("tokens " + path).whenScenarioStateIs(state)
                    .willReturn(okJson("{\"access_token\":\"" + tokens[i] + "\",\"expires_in\":3600,\"token_type\":\"bearer\"}"))
                    .willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void aVersion31CredentialGetsItsTokenFromLoginWithAmazonAsJsonAndCallsWithoutVersion() {
        tokenReplies(US_TOKEN, "Atc|tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        FetchResult result = fetch(new CallStats());

        assertThat(result.items().get("B08DQQ8CBP").currentPrice()).isEqualByComparingTo("11.99");
        wireMock.verify(1, postRequestedFor(urlEqualTo(US_TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("{\"grant_type\":\"client_credentials\",\"client_id\":\"test-creators-us-id\","
                        + "\"client_secret\":\"test-creators-us-secret\",\"scope\":\"creatorsapi::default\"}")));
        wireMock.verify(1, postRequestedFor(urlEqualTo(ITEMS))
                .withHeader("Authorization", equalTo("Bearer Atc|tok-1"))
                .withHeader("x-marketplace", equalTo("www.amazon.com"))
                .withHeader("Content-Type", containing("application/json"))
                .withHeader("Accept", containing("application/json"))
                .withRequestBody(equalToJson("{\"partnerTag\":\"test-20\",\"itemIds\":[\"B08DQQ8CBP\"]," + RESOURCES + "}",
                        false, false)));
    }

    @Test
    void aVersion22CredentialGetsItsTokenFromCognitoInEuropeAsAFormAndCallsWithItsVersion() {
        tokenReplies(DE_TOKEN, "eyJ.eu.tok");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY.replace("USD", "EUR"))));

        FetchResult result = fetch(de, new CallStats(), "B08DQQ8CBP");

        assertThat(result.items().get("B08DQQ8CBP").currency()).isEqualTo("EUR");
        wireMock.verify(1, postRequestedFor(urlEqualTo(DE_TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withHeader("Authorization", absent())
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=test-creators-eu-id"))
                .withRequestBody(containing("client_secret=test-creators-eu-secret"))
                .withRequestBody(containing("scope=creatorsapi%2Fdefault")));
        wireMock.verify(0, postRequestedFor(urlEqualTo(US_TOKEN)));
        wireMock.verify(1, postRequestedFor(urlEqualTo(ITEMS))
                .withHeader("Authorization", equalTo("Bearer eyJ.eu.tok, Version 2.2"))
                .withHeader("x-marketplace", equalTo("www.amazon.de"))
                .withRequestBody(equalToJson("{\"partnerTag\":\"test-de-21\",\"itemIds\":[\"B08DQQ8CBP\"]," + RESOURCES + "}",
                        false, false)));
    }

    @Test
    void twoStoresEachSendTheirOwnTagAndCredential() {
        tokenReplies(US_TOKEN, "Atc|us");
        tokenReplies(DE_TOKEN, "eyJ.de");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        fetch(us, new CallStats(), "B08DQQ8CBP");
        fetch(de, new CallStats(), "B08DQQ8CBP");
        fetch(us, new CallStats(), "B08DQQ8CBP");
        fetch(de, new CallStats(), "B08DQQ8CBP");

        wireMock.verify(1, postRequestedFor(urlEqualTo(US_TOKEN)).withRequestBody(containing("test-creators-us-id")));
        wireMock.verify(1, postRequestedFor(urlEqualTo(DE_TOKEN)).withRequestBody(containing("test-creators-eu-id")));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer Atc|us"))
                .withHeader("x-marketplace", equalTo("www.amazon.com")).withRequestBody(containing("\"partnerTag\":\"test-20\"")));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer eyJ.de, Version 2.2"))
                .withHeader("x-marketplace", equalTo("www.amazon.de")).withRequestBody(containing("\"partnerTag\":\"test-de-21\"")));
        wireMock.verify(4, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void theTokenIsCachedAcrossCalls() {
        tokenReplies(US_TOKEN, "tok-1", "tok-2");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        fetch(new CallStats());
        fetch(new CallStats());
        fetch(new CallStats());

        wireMock.verify(1, postRequestedFor(urlEqualTo(US_TOKEN)));
        wireMock.verify(3, postRequestedFor(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void aTokenIsReplacedThirtySecondsBeforeItExpires() {
        // expires_in 30: within the 30 s margin at once, so each call fetches a new one; 31 s would still be cached
        wireMock.stubFor(post(urlEqualTo(US_TOKEN)).willReturn(okJson("{\"access_token\":\"short\",\"expires_in\":30}")));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        fetch(new CallStats());
        fetch(new CallStats());

        wireMock.verify(2, postRequestedFor(urlEqualTo(US_TOKEN)));
    }

    @Test
    void aTokenWithoutExpiresInIsKeptForAnHour() {
        wireMock.stubFor(post(urlEqualTo(US_TOKEN)).willReturn(okJson("{\"access_token\":\"no-expiry\"}")));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));

        fetch(new CallStats());
        fetch(new CallStats());

        wireMock.verify(1, postRequestedFor(urlEqualTo(US_TOKEN)));
    }

    @Test
    void concurrentCallsWithoutATokenShareOneFetch() {
        wireMock.stubFor(post(urlEqualTo(US_TOKEN)).willReturn(okJson("{\"access_token\":\"shared\",\"expires_in\":3600}")
                .withFixedDelay(300)));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(okJson(REPLY)));
        var store = stores.forMarketplace("www.amazon.com").orElseThrow();

        List<Uni<FetchResult>> calls = IntStream.range(0, 6)
                .mapToObj(i -> creators.getItems(store, us, List.of("B08DQQ8CBP"), new CallStats())).toList();
        List<FetchResult> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(20));

        assertThat(results).hasSize(6).allSatisfy(r -> assertThat(r.items()).containsKey("B08DQQ8CBP"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(US_TOKEN)));
        wireMock.verify(6, postRequestedFor(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer shared")));
    }

    @Test
    void anExpiredTokenIsDroppedAndFetchedOnceMore() {
        tokenReplies(US_TOKEN, "tok-old", "tok-new");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer tok-old"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"message\":\"The access token has expired.\",\"reason\":\"TokenExpired\",\"type\":\"UnauthorizedException\"}")));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).withHeader("Authorization", equalTo("Bearer tok-new")).willReturn(okJson(REPLY)));
        CallStats stats = new CallStats();

        assertThat(fetch(stats).items()).containsKey("B08DQQ8CBP");

        assertThat(stats.attempts()).as("the re-fetch is not a retry").isEqualTo(1);
        wireMock.verify(2, postRequestedFor(urlEqualTo(US_TOKEN)));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aTokenRefusedTwiceFailsWithoutLooping() {
        tokenReplies(US_TOKEN, "tok-a", "tok-b", "tok-c");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody(
                        "{\"message\":\"The access token is invalid.\",\"reason\":\"InvalidToken\",\"type\":\"UnauthorizedException\"}")));

        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOfSatisfying(UpstreamUnauthorizedException.class,
                e -> assertThat(e.code()).contains("InvalidToken"));
        wireMock.verify(2, postRequestedFor(urlEqualTo(US_TOKEN)));
        wireMock.verify(2, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aNotFoundAnswerMarksTheItemsNotFoundInsteadOfFailingTheCall() {
        tokenReplies(US_TOKEN, "tok-1");
        // Amazon's SDK: a 404 (ResourceNotFoundException) means "No items found for the request"
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"ResourceNotFoundException\",\"message\":\"No items found for the request.\","
                        + "\"resourceId\":\"B000000000,B000000001\",\"resourceType\":\"Item\"}")));
        CallStats stats = new CallStats();

        FetchResult result = fetch(us, stats, "B000000000", "B000000001");

        assertThat(result.items()).isEmpty();
        assertThat(result.errors()).containsOnlyKeys("B000000000", "B000000001");
        assertThat(result.errors().values()).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(ItemError.RESOURCE_NOT_FOUND);
            assertThat(e.notFound()).isTrue();
        });
        assertThat(stats.attempts()).as("not retried").isEqualTo(1);
        assertThat(creators.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void aDailyQuotaAnswerIsNotRetriedAndClosesTheStoresBudgetUntilTheReset() {
        tokenReplies(DE_TOKEN, "tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Daily request quota exceeded for this credential.\",\"serviceCode\":\"creatorsapi\","
                        + "\"quotaCode\":\"GetItems-TPD\"}")));
        CallStats stats = new CallStats();

        assertThatThrownBy(() -> fetch(de, stats, "B08DQQ8CBP")).isInstanceOfSatisfying(UpstreamRateLimitedException.class, e -> {
            assertThat(e.code()).contains(DailyQuota.CODE);
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofDays(1)));
        });
        assertThat(stats.attempts()).as("a spent daily quota is not retried every second").isEqualTo(1);
        Instant closedUntil = budgets.snapshot("product-data-de").await().atMost(Duration.ofSeconds(5)).cooldownUntil();
        Instant midnight = Instant.now().plus(DailyQuota.untilNextDay(ZoneOffset.UTC, Clock.systemUTC()));
        assertThat(closedUntil).as("closed for every replica until the UTC day ends").isBetween(midnight.minusSeconds(60),
                midnight.plusSeconds(60));
        assertThat(budgets.snapshot("product-data-us").await().atMost(Duration.ofSeconds(5)).cooldownUntil())
                .as("the other store keeps its budget")
                .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).isBefore(Instant.now()));

        // the next call of that store spends nothing upstream
        assertThatThrownBy(() -> fetch(de, new CallStats(), "B08DQQ8CBP")).isInstanceOf(UpstreamRateLimitedException.class);
        wireMock.verify(1, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aPerSecondThrottleIsStillRetried() {
        tokenReplies(US_TOKEN, "tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Rate exceeded\",\"serviceCode\":\"creatorsapi\",\"quotaCode\":\"GetItems-TPS\"}"))
                .willSetStateTo("ok"));
        wireMock.stubFor(post(urlEqualTo(ITEMS)).inScenario("429").whenScenarioStateIs("ok").willReturn(okJson(REPLY)));
        CallStats stats = new CallStats();

        assertThat(fetch(stats).items()).containsKey("B08DQQ8CBP");
        assertThat(stats.attempts()).isEqualTo(2);
        wireMock.verify(1, postRequestedFor(urlEqualTo(US_TOKEN)));
    }

    @Test
    void aValidationErrorIsRejectedWithTheUpstreamsReason() {
        tokenReplies(US_TOKEN, "tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"The partner tag is invalid or not mapped to this credential.\",\"reason\":\"InvalidPartnerTag\","
                        + "\"type\":\"ValidationException\"}")));

        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOfSatisfying(UpstreamRejectedException.class,
                e -> assertThat(e.code()).contains("InvalidPartnerTag"));
        wireMock.verify(1, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void aBadClientCredentialIsNotRetried() {
        wireMock.stubFor(post(urlEqualTo(US_TOKEN)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}")));

        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOfSatisfying(UpstreamUnauthorizedException.class,
                e -> assertThat(e.code()).contains("invalid_client"));
        wireMock.verify(0, postRequestedFor(urlEqualTo(ITEMS)));
    }

    @Test
    void persistentThrottlingEndsAsARateLimit() {
        tokenReplies(US_TOKEN, "tok-1");
        wireMock.stubFor(post(urlEqualTo(ITEMS)).willReturn(aResponse().withStatus(429).withBody("{\"message\":\"Rate exceeded\"}")));
        assertThatThrownBy(() -> fetch(new CallStats())).isInstanceOf(UpstreamRateLimitedException.class);
        wireMock.verify(4, postRequestedFor(urlEqualTo(ITEMS)));
    }
}
