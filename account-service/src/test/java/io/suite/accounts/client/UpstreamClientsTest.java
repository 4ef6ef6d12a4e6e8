package io.suite.accounts.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.accounts.domain.AdsAccount;
import io.suite.accounts.domain.AdsProfile;
import io.suite.accounts.domain.LwaClientRejectedException;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.domain.Region;
import io.suite.accounts.repository.Tenancy;
import io.suite.resilience.budget.UpstreamUsage;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.testing.InjectWireMock;
import jakarta.inject.Inject;

/** Exact requests of the LWA and Ads clients, their error handling and retries, against WireMock. */
@QuarkusTest
class UpstreamClientsTest {

    static final String LWA = "/lwa/auth/o2/token";
    static final String LIST = "/ads/na/adsAccounts/list";
    static final String VND = "application/vnd.listaccountsresource.v1+json";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    LwaClient lwa;

    @Inject
    LwaClientStatus lwaStatus;

    @Inject
    AdsClient ads;

    @Inject
    UpstreamUsage usage;

    @Inject
    Tenancy tenancy;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    static String fixture(String name) {
        try (InputStream in = UpstreamClientsTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(20));
    }

    static final TokenSource TOKEN = refused -> Uni.createFrom().item(refused ? "Atza|second" : "Atza|first");

    @Test
    void authorizationCodeGrantIsAFormPostWithEveryField() {
        wireMock.stubFor(post(LWA).willReturn(okJson(fixture("lwa_token.json"))));
        LwaTokenReply reply = await(lwa.exchangeCode("ANdNAVhyhqirUelHGEHA", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "u1"));
        assertThat(reply.accessToken()).startsWith("Atza|");
        assertThat(reply.refreshToken()).startsWith("Atzr|");
        assertThat(reply.expiresIn()).isEqualTo(3600);
        assertThat(reply.toString()).doesNotContain("Atz");
        wireMock.verify(1, postRequestedFor(urlEqualTo(LWA))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo("ANdNAVhyhqirUelHGEHA"))
                .withFormParam("redirect_uri", equalTo("http://localhost/api/v1/auth/amazon/callback"))
                .withFormParam("code_verifier", equalTo("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .withFormParam("client_id", equalTo("amzn1.application-oa2-client.test"))
                .withFormParam("client_secret", equalTo("test-lwa-client-secret")));
    }

    @Test
    void refreshGrantSendsTheRefreshTokenAndToleratesAReplyWithoutOne() {
        wireMock.stubFor(post(LWA).willReturn(okJson(
                "{\"access_token\":\"Atza|new\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        LwaTokenReply reply = await(lwa.refresh("Atzr|keep-me", "u1"));
        assertThat(reply.accessToken()).isEqualTo("Atza|new");
        assertThat(reply.refreshToken()).isNull();
        wireMock.verify(1, postRequestedFor(urlEqualTo(LWA)).withFormParam("grant_type", equalTo("refresh_token"))
                .withFormParam("refresh_token", equalTo("Atzr|keep-me"))
                .withFormParam("client_id", equalTo("amzn1.application-oa2-client.test"))
                .withFormParam("code", absent()));
    }

    @Test
    void invalidGrantMeansReauthorisationAndIsNeverRetried() {
        wireMock.stubFor(post(LWA).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error_description\":\"The request has an invalid grant parameter : refresh_token\","
                        + "\"error\":\"invalid_grant\",\"error_index\":\"x\",\"request_id\":\"r\"}")));
        assertThatThrownBy(() -> await(lwa.refresh("Atzr|revoked", "u1"))).isInstanceOf(ReauthorizationRequiredException.class);
        wireMock.verify(1, postRequestedFor(urlEqualTo(LWA)));
    }

    @Test
    void invalidClientIsAConfigurationErrorNotRetriedAndRecorded() {
        wireMock.stubFor(post(LWA).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}")));
        try {
            assertThatThrownBy(() -> await(lwa.refresh("Atzr|x", "u1"))).isInstanceOf(LwaClientRejectedException.class)
                    .satisfies(e -> assertThat(((LwaClientRejectedException) e).reason())
                            .isEqualTo("invalid_client: Client authentication failed"))
                    .satisfies(e -> assertThat(((LwaClientRejectedException) e).status()).isEqualTo(503));
            wireMock.verify(1, postRequestedFor(urlEqualTo(LWA)));
            assertThat(lwaStatus.current()).map(LwaClientStatus.Rejection::reason)
                    .contains("invalid_client: Client authentication failed");
        } finally {
            lwaStatus.accepted(); // as the next granted token would: the other tests see working credentials
        }
    }

    @Test
    void transientLwaFailuresAreRetriedWithBackoff() {
        wireMock.stubFor(post(LWA).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        wireMock.stubFor(post(LWA).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("third"));
        wireMock.stubFor(post(LWA).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(okJson("{\"access_token\":\"Atza|ok\",\"expires_in\":3600}")));
        assertThat(await(lwa.refresh("Atzr|x", "u1")).accessToken()).isEqualTo("Atza|ok");
        wireMock.verify(3, postRequestedFor(urlEqualTo(LWA)));
    }

    @Test
    void listAccountsPostsTheVendorTypeAndFollowsNextToken() {
        wireMock.stubFor(post(LIST).withRequestBody(equalToJson("{\"maxResults\":100}"))
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody("""
                        {"adsAccounts":[{"adsAccountId":"amzn1.ads-account.g.one","accountName":"One","status":"CREATED",
                          "countryCodes":["US"],"alternateIds":[{"countryCode":"US","profileId":123123},
                          {"countryCode":"US","entityId":"ENTITY1"}]}],"nextToken":"page-2"}""")));
        wireMock.stubFor(post(LIST).withRequestBody(equalToJson("{\"maxResults\":100,\"nextToken\":\"page-2\"}"))
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody("""
                        {"adsAccounts":[{"adsAccountId":"amzn1.ads-account.g.two","accountName":"Two","status":"PENDING",
                          "countryCodes":["UK"],"alternateIds":[]}]}""")));
        List<AdsAccount> all = await(ads.listAccounts(TOKEN, "u1"));
        assertThat(all).extracting(AdsAccount::adsAccountId).containsExactly("amzn1.ads-account.g.one", "amzn1.ads-account.g.two");
        assertThat(all.get(0).profileIds()).containsExactly(123123L);
        wireMock.verify(2, postRequestedFor(urlEqualTo(LIST))
                .withHeader("Content-Type", equalTo(VND))
                .withHeader("Accept", equalTo(VND))
                .withHeader("Authorization", equalTo("Bearer Atza|first"))
                .withHeader("Amazon-Advertising-API-ClientId", equalTo("amzn1.application-oa2-client.test"))
                .withHeader("Amazon-Advertising-API-Scope", absent())
                .withRequestBody(matchingJsonPath("$.maxResults", equalTo("100"))));
    }

    @Test
    void theGuideShapeOfTheAccountsReplyIsToleratedToo() {
        wireMock.stubFor(post(LIST).willReturn(aResponse().withHeader("Content-Type", VND).withBody(fixture("accounts_guide_shape.json"))));
        List<AdsAccount> all = await(ads.listAccounts(TOKEN, "u1"));
        assertThat(all).hasSizeGreaterThanOrEqualTo(2);
        assertThat(all.get(0).adsAccountId()).isEqualTo("amzn1.ads-account.g.87rerlyohs3b1cmj2rem03xmd");
        assertThat(all.get(0).profileIds()).containsExactly(123123L, 456456L);
    }

    @Test
    void a429IsRetriedAfterRetryAfterAndCountedForTheUser() {
        UUID user = UUID.randomUUID();
        wireMock.stubFor(post(LIST).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"errors\":[{\"errorCode\":\"TOO_MANY_REQUESTS\",\"errorMessage\":\"slow down\"}]}"))
                .willSetStateTo("ok"));
        wireMock.stubFor(post(LIST).inScenario("throttled").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", VND).withBody("{\"adsAccounts\":[]}")));
        long started = System.nanoTime();
        assertThat(await(ads.listAccounts(TOKEN, user.toString()))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Retry-After honoured").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        wireMock.verify(2, postRequestedFor(urlEqualTo(LIST)));
        await(usage.flush());
        var row = await(tenancy.asUser(user, c -> c.query("select sum(request_count) as calls, sum(limit_hit_count) as hits"
                + " from rate_limit_tracking where endpoint = 'POST /adsAccounts/list'").execute())).iterator().next();
        assertThat(row.getLong("calls")).isEqualTo(2);
        assertThat(row.getLong("hits")).isEqualTo(1);
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        wireMock.stubFor(post(LIST).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"errorCode\":\"INVALID_ARGUMENT\",\"errorMessage\":\"bad\"}]}")));
        assertThatThrownBy(() -> await(ads.listAccounts(TOKEN, "u1"))).isInstanceOf(UpstreamRejectedException.class);
        wireMock.verify(1, postRequestedFor(urlEqualTo(LIST)));
    }

    @Test
    void a401GetsOneMoreTryWithAFreshToken() {
        wireMock.stubFor(get("/ads/na/v2/profiles").withHeader("Authorization", equalTo("Bearer Atza|first"))
                .willReturn(aResponse().withStatus(401).withBody("{\"code\":\"UNAUTHORIZED\",\"details\":\"expired\"}")));
        wireMock.stubFor(get("/ads/na/v2/profiles").withHeader("Authorization", equalTo("Bearer Atza|second"))
                .willReturn(okJson("[]")));
        assertThat(await(ads.profiles(TOKEN, "u1", Region.NA))).isEmpty();
        wireMock.verify(2, getRequestedFor(urlEqualTo("/ads/na/v2/profiles")));
    }

    @Test
    void profilesOfEveryRegionAreMergedInProfileIdOrder() {
        wireMock.stubFor(get("/ads/na/v2/profiles").willReturn(okJson(fixture("profiles_na.json"))));
        wireMock.stubFor(get("/ads/eu/v2/profiles").willReturn(okJson("""
                [{"profileId":1000000000000001,"countryCode":"UK","currencyCode":"GBP","timezone":"Europe/London",
                  "accountInfo":{"marketplaceStringId":"A1F83G8C2ARO7P","id":"ENTITYUK","type":"vendor","name":"UK vendor",
                  "validPaymentMethod":true}}]""")));
        wireMock.stubFor(get("/ads/fe/v2/profiles").willReturn(okJson("[]")));
        List<AdsProfile> all = await(ads.allProfiles(TOKEN, "u1"));
        assertThat(all).hasSize(5);
        assertThat(all).extracting(AdsProfile::profileId).isSorted();
        assertThat(all.get(0).region()).isEqualTo(Region.EU);
        AdsProfile seller = all.stream().filter(p -> p.profileId() == 3991703629696934L).findFirst().orElseThrow();
        assertThat(seller.dailyBudget()).isEqualByComparingTo("999999999");
        assertThat(seller.accountType()).isEqualTo("seller");
        assertThat(seller.region()).isEqualTo(Region.NA);
        for (String r : List.of("na", "eu", "fe")) {
            wireMock.verify(1, getRequestedFor(urlEqualTo("/ads/" + r + "/v2/profiles"))
                    .withHeader("Amazon-Advertising-API-ClientId", equalTo("amzn1.application-oa2-client.test"))
                    .withHeader("Amazon-Advertising-API-Scope", absent()));
        }
    }
}
