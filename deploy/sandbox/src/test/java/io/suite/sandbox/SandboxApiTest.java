package io.suite.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.suite.sandbox.data.TradingCalendar;
import io.suite.sandbox.support.SandboxClock;
import jakarta.inject.Inject;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** One boot of the sandbox: strictness, paging, limits, faults and counters of all five imitated APIs. */
@QuarkusTest
class SandboxApiTest {

    static final String CLIENT_ID = "amzn1.application-oa2-client.sandbox";
    static final String CLIENT_SECRET = "sandbox-lwa-client-secret";
    static final String LIST_TYPE = "application/vnd.listaccountsresource.v1+json";
    static final String FREE = "sandbox-polygon-free";
    static final String PAID = "sandbox-polygon-paid";
    static final String STARTER = "sandbox-polygon-starter";
    static final String DEVELOPER = "sandbox-polygon-developer";
    static final String TARGET = "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.GetItems";

    @TestHTTPResource("/")
    URL base;

    @Inject
    SandboxClock clock;

    @BeforeEach
    void reset() {
        given().post("/_control/reset").then().statusCode(204);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private JsonPath data() {
        return given().get("/_control/data").then().statusCode(200).extract().jsonPath();
    }

    private String userId(int i) {
        return data().getString("users[" + i + "].userId");
    }

    private String seededRefreshToken(int i) {
        return data().getString("users[" + i + "].refreshTokens[0]");
    }

    private Response refresh(String refreshToken, String secret) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken)
                .formParam("client_id", CLIENT_ID).formParam("client_secret", secret)
                .post("/lwa/auth/o2/token");
    }

    private String accessToken(int user) {
        return refresh(seededRefreshToken(user), CLIENT_SECRET).then().statusCode(200).extract().path("access_token");
    }

    private RequestSpecification ads(String token) {
        return given().header("Authorization", "Bearer " + token).header("Amazon-Advertising-API-ClientId", CLIENT_ID);
    }

    private Response listAccounts(String token, String body) {
        return ads(token).contentType(LIST_TYPE).accept(LIST_TYPE).body(body).post("/ads/na/adsAccounts/list");
    }

    private void setLimit(String name, String spec) {
        given().contentType(ContentType.JSON).body(Map.of("spec", spec)).put("/_control/limits/" + name).then().statusCode(200);
    }

    private Map<String, Object> counters(String api) {
        return given().get("/_control/counters").then().statusCode(200).extract().jsonPath().getMap(api);
    }

    // ---- Login with Amazon -------------------------------------------------------------------------------

    @Test
    void lwaRefreshGrantAndItsErrors() {
        Response ok = refresh(seededRefreshToken(0), CLIENT_SECRET);
        ok.then().statusCode(200);
        assertThat(ok.jsonPath().getString("access_token")).startsWith("Atza|");
        assertThat(ok.jsonPath().getString("refresh_token")).startsWith("Atzr|");
        assertThat(ok.jsonPath().getString("token_type")).isEqualTo("bearer");
        assertThat(ok.jsonPath().getInt("expires_in")).isEqualTo(3600);

        Response badSecret = refresh(seededRefreshToken(0), "wrong");
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(badSecret.jsonPath().getString("error")).isEqualTo("invalid_client");
        assertThat(badSecret.jsonPath().getString("error_description")).isNotBlank();

        Response unknown = refresh("Atzr|not-a-token", CLIENT_SECRET);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.jsonPath().getString("error")).isEqualTo("invalid_grant");

        Response missing = given().contentType(ContentType.URLENC).formParam("grant_type", "refresh_token")
                .formParam("client_id", CLIENT_ID).formParam("client_secret", CLIENT_SECRET).post("/lwa/auth/o2/token");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.jsonPath().getString("error")).isEqualTo("invalid_request");

        // The Ads flows are form-encoded: a JSON refresh is refused.
        Response json = given().contentType(ContentType.JSON)
                .body(Map.of("grant_type", "refresh_token", "refresh_token", seededRefreshToken(0),
                        "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET))
                .post("/lwa/auth/o2/token");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.jsonPath().getString("error")).isEqualTo("invalid_request");
    }

    @Test
    void theTokenEndpointsAnswerAnotherContentTypeWithInvalidRequest() {
        for (String path : List.of("/lwa/auth/o2/token", "/lwa/eu/auth/o2/token", "/lwa/fe/auth/o2/token")) {
            Response text = given().contentType(ContentType.TEXT).body("grant_type=refresh_token").post(path);
            assertThat(text.statusCode()).as(path).isEqualTo(400);
            assertThat(text.jsonPath().getString("error")).as(path).isEqualTo("invalid_request");
            assertThat(text.jsonPath().getString("error_description")).as(path).startsWith("Unsupported Content-Type 'text/plain");
        }
    }

    @Test
    void theConsentPageEscapesWhatTheRequestCarries() {
        Response consent = given().queryParam("client_id", CLIENT_ID).queryParam("scope", "<script>x</script>")
                .queryParam("response_type", "code")
                .queryParam("redirect_uri", "https://app.example/cb").queryParam("state", "a\"b").get("/lwa/ap/oa");
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.contentType()).startsWith("text/html");
        assertThat(consent.asString()).doesNotContain("<script>").contains("&lt;script&gt;x&lt;/script&gt;")
                .contains("name=\"state\" value=\"a&quot;b\"").contains("name=\"client_id\" value=\"" + CLIENT_ID + "\"");
    }

    @Test
    void consentPageCodeIsSingleUseAndExpires() {
        String redirect = "http://localhost:9999/callback";
        String page = given().queryParam("client_id", CLIENT_ID).queryParam("scope", "advertising::campaign_management")
                .queryParam("response_type", "code").queryParam("redirect_uri", redirect).queryParam("state", "xyz")
                .get("/lwa/ap/oa").then().statusCode(200).extract().asString();
        assertThat(page).contains("Allow").contains("Big Agency");

        Response allow = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("client_id", CLIENT_ID).formParam("scope", "advertising::campaign_management").formParam("response_type", "code")
                .formParam("redirect_uri", redirect).formParam("state", "xyz").formParam("user_id", userId(1))
                .formParam("decision", "allow")
                .post("/lwa/ap/oa");
        assertThat(allow.statusCode()).isEqualTo(302);
        String location = allow.header("Location");
        assertThat(location).startsWith(redirect + "?code=").contains("state=xyz");
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");

        Response exchange = exchange(code, redirect);
        exchange.then().statusCode(200);
        String token = exchange.jsonPath().getString("access_token");
        // the token belongs to user 1: 3 accounts
        assertThat(listAccounts(token, "{}").then().statusCode(200).extract().jsonPath().getList("adsAccounts")).hasSize(3);

        Response reused = exchange(code, redirect);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.jsonPath().getString("error")).isEqualTo("invalid_grant");

        String code2 = given().contentType(ContentType.JSON).body(Map.of("userId", userId(1), "redirectUri", redirect))
                .post("/_control/lwa/codes").then().statusCode(200).extract().path("code");
        clock.advance(Duration.ofSeconds(301));
        Response expired = exchange(code2, redirect);
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.jsonPath().getString("error")).isEqualTo("invalid_grant");
    }

    /** RFC 7636 Appendix B's example pair: the challenge is BASE64URL(SHA-256(verifier)). */
    static final String RFC7636_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String RFC7636_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void aPkceCodeIsExchangedOnlyWithItsVerifier() {
        String redirect = "http://localhost:9999/callback";
        String page = given().queryParam("client_id", CLIENT_ID).queryParam("scope", "advertising::campaign_management")
                .queryParam("response_type", "code").queryParam("redirect_uri", redirect).queryParam("state", "s1")
                .queryParam("code_challenge", RFC7636_CHALLENGE).queryParam("code_challenge_method", "S256")
                .get("/lwa/ap/oa").then().statusCode(200).extract().asString();
        // the consent form carries the challenge to the code it issues
        assertThat(page).contains("name=\"code_challenge\" value=\"" + RFC7636_CHALLENGE + "\"")
                .contains("name=\"code_challenge_method\" value=\"S256\"");
        String code = allowWithPkce(redirect, RFC7636_CHALLENGE, "S256");

        Response without = exchange(code, redirect);
        assertThat(without.statusCode()).isEqualTo(400);
        assertThat(without.jsonPath().getString("error")).isEqualTo("invalid_grant");
        // the refused attempt spent the code (single use), as at LWA
        assertThat(exchangeWithVerifier(code, redirect, RFC7636_VERIFIER).statusCode()).isEqualTo(400);

        String wrong = allowWithPkce(redirect, RFC7636_CHALLENGE, "S256");
        Response mismatch = exchangeWithVerifier(wrong, redirect, RFC7636_VERIFIER.replace('d', 'e'));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.jsonPath().getString("error")).isEqualTo("invalid_grant");

        String good = allowWithPkce(redirect, RFC7636_CHALLENGE, "S256");
        exchangeWithVerifier(good, redirect, RFC7636_VERIFIER).then().statusCode(200);
        // plain is LWA's default method when none is given: the verifier is the challenge itself
        String plain = allowWithPkce(redirect, RFC7636_VERIFIER, null);
        exchangeWithVerifier(plain, redirect, RFC7636_VERIFIER).then().statusCode(200);
        // the control shortcut takes PKCE as well
        String control = given().contentType(ContentType.JSON).body(Map.of("userId", userId(1), "redirectUri", redirect,
                "codeChallenge", RFC7636_CHALLENGE, "codeChallengeMethod", "S256")).post("/_control/lwa/codes").then().statusCode(200)
                .extract().path("code");
        assertThat(exchange(control, redirect).statusCode()).isEqualTo(400);

        // a malformed challenge or an unknown method is an error sent back to the client, as other request errors are
        Response badMethod = given().redirects().follow(false).queryParam("client_id", CLIENT_ID).queryParam("scope", "x")
                .queryParam("response_type", "code").queryParam("redirect_uri", redirect).queryParam("state", "s2")
                .queryParam("code_challenge", RFC7636_CHALLENGE).queryParam("code_challenge_method", "S512").get("/lwa/ap/oa");
        assertThat(badMethod.statusCode()).isEqualTo(302);
        assertThat(badMethod.header("Location")).contains("error=invalid_request").contains("state=s2");
        Response shortChallenge = given().redirects().follow(false).queryParam("client_id", CLIENT_ID).queryParam("scope", "x")
                .queryParam("response_type", "code").queryParam("redirect_uri", redirect).queryParam("code_challenge", "abc")
                .get("/lwa/ap/oa");
        assertThat(shortChallenge.header("Location")).contains("error=invalid_request");
    }

    private String allowWithPkce(String redirect, String challenge, String method) {
        var form = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("client_id", CLIENT_ID).formParam("scope", "advertising::campaign_management").formParam("response_type", "code")
                .formParam("redirect_uri", redirect).formParam("state", "s").formParam("user_id", userId(1)).formParam("decision", "allow")
                .formParam("code_challenge", challenge);
        if (method != null) {
            form = form.formParam("code_challenge_method", method);
        }
        Response allow = form.post("/lwa/ap/oa");
        assertThat(allow.statusCode()).isEqualTo(302);
        return allow.header("Location").replaceAll(".*[?&]code=([^&]+).*", "$1");
    }

    private Response exchangeWithVerifier(String code, String redirect, String verifier) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", redirect).formParam("client_id", CLIENT_ID).formParam("client_secret", CLIENT_SECRET)
                .formParam("code_verifier", verifier).post("/lwa/auth/o2/token");
    }

    private Response exchange(String code, String redirect) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", redirect).formParam("client_id", CLIENT_ID).formParam("client_secret", CLIENT_SECRET)
                .post("/lwa/auth/o2/token");
    }

    @Test
    void revokingAUserInvalidatesRefreshAndAccessTokens() {
        String refreshToken = seededRefreshToken(1);
        String access = accessToken(1);
        ads(access).get("/ads/na/v2/profiles").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("userId", userId(1))).post("/_control/lwa/revoke").then().statusCode(200);
        Response r = refresh(refreshToken, CLIENT_SECRET);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("error")).isEqualTo("invalid_grant");
        ads(access).get("/ads/na/v2/profiles").then().statusCode(401);
    }

    // ---- Amazon Ads ---------------------------------------------------------------------------------------

    @Test
    void expiredAccessTokenGets401() {
        String token = accessToken(0);
        ads(token).get("/ads/na/v2/profiles").then().statusCode(200);
        clock.advance(Duration.ofSeconds(3601));
        Response r = ads(token).get("/ads/na/v2/profiles");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("code")).isEqualTo("UNAUTHORIZED");
        // a missing client id header is refused too
        given().header("Authorization", "Bearer " + accessToken(0)).get("/ads/na/v2/profiles").then().statusCode(401);
    }

    @Test
    void adsAccountsListIsStrictAboutMethodAndMediaTypes() {
        String token = accessToken(0);
        Response get = ads(token).accept(LIST_TYPE).get("/ads/na/adsAccounts/list");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.jsonPath().getList("errors")).isNotEmpty();

        ads(token).contentType(ContentType.JSON).accept(LIST_TYPE).body("{}").post("/ads/na/adsAccounts/list").then().statusCode(415);
        ads(token).contentType(LIST_TYPE).accept(ContentType.JSON).body("{}").post("/ads/na/adsAccounts/list").then().statusCode(406);
        Response tooMany = listAccounts(token, "{\"maxResults\":101}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.jsonPath().getList("errors")).isNotEmpty();
        listAccounts(token, "{\"maxResults\":0}").then().statusCode(400);
        listAccounts(token, "{\"nextToken\":\"garbage\"}").then().statusCode(400);
    }

    @Test
    void adsAccountsPagingReturnsEveryAccountExactlyOnce() {
        setLimit("ads", "unlimited");
        String token = accessToken(0);
        int expected = data().getInt("users[0].adsAccounts");
        assertThat(expected).isEqualTo(10_000);
        Set<String> seen = new HashSet<>();
        Set<String> statuses = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            String body = next == null ? "{\"maxResults\":100}" : "{\"maxResults\":100,\"nextToken\":\"" + next + "\"}";
            // any regional base serves the global /adsAccounts endpoints
            String region = List.of("na", "eu", "fe").get(pages % 3);
            JsonPath page = ads(token).contentType(LIST_TYPE).accept(LIST_TYPE).body(body).post("/ads/" + region + "/adsAccounts/list")
                    .then().statusCode(200).contentType(LIST_TYPE).extract().jsonPath();
            List<Map<String, Object>> accounts = page.getList("adsAccounts");
            for (Map<String, Object> a : accounts) {
                assertThat(seen.add((String) a.get("adsAccountId"))).as("duplicate %s", a.get("adsAccountId")).isTrue();
                assertThat((String) a.get("adsAccountId")).startsWith("amzn1.ads-account.g.");
                assertThat(a).containsKeys("accountName", "status", "countryCodes", "alternateIds");
                statuses.add((String) a.get("status"));
                if ("PARTIALLY_CREATED".equals(a.get("status"))) {
                    assertThat(a).containsKey("errors");
                }
            }
            next = page.getString("nextToken");
            pages++;
        } while (next != null);
        assertThat(seen).hasSize(expected);
        assertThat(pages).isEqualTo(100);
        assertThat(statuses).containsExactlyInAnyOrder("CREATED", "PARTIALLY_CREATED", "PENDING", "DISABLED");

        String one = seen.iterator().next();
        assertThat(ads(token).accept("application/vnd.accountresource.v1+json").get("/ads/eu/adsAccounts/" + one)
                .then().statusCode(200).extract().jsonPath().getString("adsAccount.adsAccountId")).isEqualTo(one);
        ads(token).accept(ContentType.JSON).get("/ads/eu/adsAccounts/" + one).then().statusCode(406);
    }

    @Test
    void profilesAreRegionalAndFiltered() {
        String token = accessToken(0);
        List<Map<String, Object>> fe = ads(token).get("/ads/fe/v2/profiles").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(fe).isNotEmpty();
        assertThat(fe).allSatisfy(p -> assertThat((String) p.get("countryCode")).isIn("JP", "AU", "SG"));
        assertThat(fe.get(0).get("profileId")).isInstanceOf(Number.class);
        List<Map<String, Object>> vendors = ads(token).queryParam("profileTypeFilter", "vendor").get("/ads/na/v2/profiles")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(vendors).isNotEmpty().allSatisfy(p -> assertThat(((Map<?, ?>) p.get("accountInfo")).get("type")).isEqualTo("vendor"));
        assertThat(vendors).allSatisfy(p -> assertThat(p).doesNotContainKey("dailyBudget"));
        ads(token).queryParam("profileTypeFilter", "reseller").get("/ads/na/v2/profiles").then().statusCode(400);
        // user 3 has nothing anywhere
        assertThat(ads(accessToken(3)).get("/ads/eu/v2/profiles").then().statusCode(200).extract().jsonPath().getList("$")).isEmpty();
    }

    @Test
    void adsThrottlingIsATokenBucketWithRetryAfter() {
        setLimit("ads", "3/30s");
        String token = accessToken(0);
        for (int i = 0; i < 3; i++) {
            ads(token).get("/ads/na/v2/profiles").then().statusCode(200);
        }
        Response r = ads(token).get("/ads/na/v2/profiles");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 10);
        assertThat(r.jsonPath().getList("errors")).isNotEmpty();
        // refill = 3 per 30 s: one token back after 10 s
        clock.advance(Duration.ofSeconds(10));
        ads(token).get("/ads/na/v2/profiles").then().statusCode(200);
        assertThat(((Number) counters("ads").get("throttled")).intValue()).isEqualTo(1);
    }

    // ---- Polygon ------------------------------------------------------------------------------------------

    @Test
    void freePlanSixthCallInAMinuteIs429() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "Bearer " + FREE).get("/polygon/v2/aggs/ticker/SPY/prev").then().statusCode(200);
        }
        Response r = given().queryParam("apiKey", FREE).get("/polygon/v2/aggs/ticker/SPY/prev");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isNull();
        assertThat(r.jsonPath().getString("status")).isEqualTo("ERROR");
        assertThat(r.jsonPath().getString("error")).isEqualTo(
                "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing");
        assertThat(r.jsonPath().getString("request_id")).isNotBlank();
        // the paid key is unlimited
        for (int i = 0; i < 10; i++) {
            given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/last/nbbo/SPY").then().statusCode(200);
        }
        // 12 s later one token is back (5 per 60 s)
        clock.advance(Duration.ofSeconds(12));
        given().header("Authorization", "Bearer " + FREE).get("/polygon/v2/aggs/ticker/SPY/prev").then().statusCode(200);

        Response unknown = given().header("Authorization", "Bearer nope").get("/polygon/v2/last/trade/SPY");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.jsonPath().getString("error")).isEqualTo("Unknown API Key");
    }

    private static Response polygon(String key, String path) {
        return given().header("Authorization", "Bearer " + key).urlEncodingEnabled(false).get("/polygon" + path);
    }

    private static void assertNotEntitled(Response r, String message) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.jsonPath().getString("status")).isEqualTo("NOT_AUTHORIZED");
        assertThat(r.jsonPath().getString("request_id")).isNotBlank();
        assertThat(r.jsonPath().getString("message")).startsWith(message)
                .endsWith("Please upgrade your plan at https://massive.com/pricing");
    }

    @Test
    void eachKeyAnswersAsItsPlanWould() {
        String notEntitled = "You are not entitled to this data.";
        String timeframe = "Your plan doesn't include this data timeframe.";
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("America/New_York")));
        // the free plan: no trades, NBBO or snapshots; previous close, grouped daily, reference data and 2 years of bars
        for (String path : List.of("/v2/last/trade/SPY", "/v2/last/nbbo/SPY", "/v2/snapshot/locale/us/markets/stocks/tickers/SPY",
                "/v3/snapshot/options/SPY", "/v3/snapshot/indices?ticker.any_of=I:SPX", "/v1/last/crypto/BTC/USD",
                "/v1/last_quote/currencies/EUR/USD", "/v2/snapshot/locale/global/markets/crypto/tickers/X:BTCUSD")) {
            clock.advance(Duration.ofSeconds(13)); // stay within 5 calls a minute
            assertNotEntitled(polygon(FREE, path), notEntitled);
        }
        clock.advance(Duration.ofSeconds(13));
        JsonPath prev = polygon(FREE, "/v2/aggs/ticker/SPY/prev").then().statusCode(200).extract().jsonPath();
        assertThat(prev.getString("results[0].T")).isEqualTo("SPY");
        assertThat(prev.getLong("results[0].t")).isPositive();
        clock.advance(Duration.ofSeconds(13));
        JsonPath grouped = polygon(FREE, "/v2/aggs/grouped/locale/us/market/stocks/2025-01-03").then().statusCode(200).extract().jsonPath();
        assertThat(grouped.getList("results.T", String.class)).contains("SPY", "AAPL").doesNotContain("I:SPX", "X:BTCUSD");
        clock.advance(Duration.ofSeconds(13));
        polygon(FREE, "/v3/reference/options/contracts?underlying_ticker=SPY&limit=5").then().statusCode(200);
        clock.advance(Duration.ofSeconds(13));
        assertNotEntitled(polygon(FREE, "/v2/aggs/ticker/SPY/range/1/day/" + today.minusYears(3) + "/" + today.minusYears(3).plusDays(10)),
                timeframe);
        clock.advance(Duration.ofSeconds(13));
        polygon(FREE, "/v2/aggs/ticker/SPY/range/1/day/" + today.minusYears(1) + "/" + today.minusYears(1).plusDays(10)).then()
                .statusCode(200);
        Map<String, Object> c = counters("polygon");
        assertThat(((Number) c.get("notEntitled")).intValue()).isEqualTo(9);
        @SuppressWarnings("unchecked")
        Map<String, Object> families = (Map<String, Object>) c.get("notEntitledFamilies");
        assertThat(families).containsEntry("stocks.trades", 1).containsEntry("stocks.history", 1).containsEntry("options.snapshots", 1);

        // Starter: snapshots 15 minutes delayed, no trades or NBBO
        JsonPath snap = polygon(STARTER, "/v2/snapshot/locale/us/markets/stocks/tickers/SPY").then().statusCode(200).extract().jsonPath();
        assertThat(snap.getString("status")).isEqualTo("DELAYED");
        long lag = clock.millis() * 1_000_000L - snap.getLong("ticker.updated");
        if (TradingCalendar.isTradingDay(today) && clock.millis() > TradingCalendar.openMillis(today) + 20 * 60_000L
                && clock.millis() < TradingCalendar.closeMillis(today)) {
            assertThat(lag).as("15 minutes behind during the session").isGreaterThanOrEqualTo(15 * 60_000_000_000L);
        }
        assertThat(polygon(STARTER, "/v3/snapshot/options/SPY?limit=1").then().statusCode(200).extract().jsonPath()
                .getString("results[0].last_quote.timeframe")).isEqualTo("DELAYED");
        assertNotEntitled(polygon(STARTER, "/v2/last/trade/SPY"), notEntitled);
        assertNotEntitled(polygon(STARTER, "/v2/last/nbbo/SPY"), notEntitled);
        // Developer adds trades; Advanced (the paid key) quotes too, real time
        assertThat(polygon(DEVELOPER, "/v2/last/trade/SPY").then().statusCode(200).extract().jsonPath().getString("status"))
                .isEqualTo("DELAYED");
        assertNotEntitled(polygon(DEVELOPER, "/v2/last/nbbo/SPY"), notEntitled);
        assertThat(polygon(PAID, "/v2/last/nbbo/SPY").then().statusCode(200).extract().jsonPath().getString("status")).isEqualTo("OK");
        polygon(PAID, "/v2/aggs/ticker/SPY/range/1/day/" + today.minusYears(19) + "/" + today.minusYears(19).plusDays(3)).then()
                .statusCode(200);

        // the control API lists every key with its plan
        List<Map<String, Object>> keys = data().getList("polygonKeys");
        assertThat(keys).extracting(k -> k.get("key") + "=" + k.get("plan")).containsExactly("sandbox-polygon-free=basic",
                "sandbox-polygon-starter=starter", "sandbox-polygon-developer=developer", "sandbox-polygon-paid=advanced");
        assertThat(keys.get(0).get("historyYears")).isEqualTo(2);
        assertThat(keys.get(0).get("timeframe")).isEqualTo("end of day");
    }

    @Test
    void otherAssetClassesAndIndexOptions() {
        JsonPath idx = polygon(PAID, "/v3/snapshot/indices?ticker.any_of=I:SPX,I:NOPE").then().statusCode(200).extract().jsonPath();
        assertThat(idx.getString("results[0].ticker")).isEqualTo("I:SPX");
        assertThat(idx.getFloat("results[0].value")).isGreaterThan(1000f);
        assertThat(idx.getString("results[1].error")).isEqualTo("NOT_FOUND");
        assertThat(polygon(PAID, "/v2/aggs/ticker/I:SPX/prev").then().statusCode(200).extract().jsonPath().getString("results[0].T"))
                .isEqualTo("I:SPX");
        // index options: the 0-DTE dailies are SPXW, reference data names the underlying SPX
        String today = LocalDate.now(clock.withZone(ZoneId.of("America/New_York"))).toString();
        JsonPath chain = polygon(PAID, "/v3/snapshot/options/I:SPX?expiration_date=" + today + "&limit=3").then().statusCode(200)
                .extract().jsonPath();
        assertThat(chain.getList("results.details.ticker", String.class)).allSatisfy(t -> assertThat(t).startsWith("O:SPX"));
        assertThat(chain.getString("results[0].details.exercise_style")).isEqualTo("european");
        assertThat(chain.getString("results[0].underlying_asset.ticker")).isEqualTo("I:SPX");
        JsonPath refs = polygon(FREE, "/v3/reference/options/contracts?underlying_ticker=SPX&expiration_date=" + today + "&limit=3")
                .then().statusCode(200).extract().jsonPath();
        assertThat(refs.getList("results.underlying_ticker", String.class)).containsOnly("SPX");
        // crypto: milliseconds; sizes of a few satoshis come in exponent notation
        boolean exponent = false;
        for (int i = 0; i < 30 && !exponent; i++) {
            Response r = polygon(PAID, "/v1/last/crypto/BTC/USD");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.jsonPath().getLong("last.timestamp")).isBetween(clock.millis() - 60_000, clock.millis() + 1000);
            exponent = r.asString().matches("(?s).*\"size\":[0-9.]+E-[0-9]+.*");
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(exponent).as("a satoshi-sized trade written as 1.2E-7").isTrue();
        JsonPath fx = polygon(PAID, "/v1/last_quote/currencies/EUR/USD").then().statusCode(200).extract().jsonPath();
        assertThat(fx.getFloat("last.ask")).isGreaterThan(fx.getFloat("last.bid"));
        JsonPath fxSnap = polygon(STARTER, "/v2/snapshot/locale/global/markets/forex/tickers/C:EURUSD").then().statusCode(200)
                .extract().jsonPath();
        assertThat(fxSnap.getFloat("ticker.lastQuote.a")).isPositive();
        assertThat(polygon(STARTER, "/v2/snapshot/locale/global/markets/crypto/tickers/X:BTCUSD").then().statusCode(200)
                .extract().jsonPath().getFloat("ticker.lastTrade.p")).isPositive();
        polygon(PAID, "/v2/last/trade/I:SPX").then().statusCode(404);
    }

    @Test
    void optionChainPagingReturnsEveryContractExactlyOnceIncludingZeroDte() {
        String today = LocalDate.now(clock.withZone(ZoneId.of("America/New_York"))).toString();
        Set<String> seen = new HashSet<>();
        Set<String> expirations = new HashSet<>();
        boolean sawMissingGreeks = false;
        boolean sawMissingLastTrade = false;
        String url = "/polygon/v3/snapshot/options/SPY?limit=250";
        int pages = 0;
        while (url != null) {
            JsonPath page = given().header("Authorization", "Bearer " + PAID).urlEncodingEnabled(false).get(url)
                    .then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> c : page.<Map<String, Object>> getList("results")) {
                Map<?, ?> details = (Map<?, ?>) c.get("details");
                assertThat(seen.add((String) details.get("ticker"))).isTrue();
                expirations.add((String) details.get("expiration_date"));
                sawMissingGreeks |= !c.containsKey("greeks");
                sawMissingLastTrade |= !c.containsKey("last_trade");
                assertThat(c).containsKeys("break_even_price", "day", "details", "last_quote", "open_interest", "underlying_asset");
            }
            String next = page.getString("next_url");
            if (next != null) {
                assertThat(next).startsWith(base.toString().replaceAll("/$", "") + "/polygon/v3/snapshot/options/SPY?cursor=");
                url = next.substring(next.indexOf("/polygon/"));
            } else {
                url = null;
            }
            pages++;
        }
        assertThat(seen.size()).isGreaterThan(300);
        assertThat(pages).isEqualTo((seen.size() + 249) / 250);
        assertThat(expirations).contains(today);
        assertThat(expirations.size()).isGreaterThan(3);
        assertThat(sawMissingGreeks).isTrue();
        assertThat(sawMissingLastTrade).isTrue();

        JsonPath filtered = given().header("Authorization", "Bearer " + PAID).queryParam("contract_type", "put")
                .queryParam("expiration_date", today).queryParam("sort", "strike_price").queryParam("order", "desc")
                .queryParam("limit", 5).get("/polygon/v3/snapshot/options/SPY").then().statusCode(200).extract().jsonPath();
        List<Float> strikes = filtered.getList("results.details.strike_price", Float.class);
        assertThat(strikes).hasSize(5).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        assertThat(filtered.getList("results.details.contract_type", String.class)).containsOnly("put");

        given().header("Authorization", "Bearer " + PAID).queryParam("limit", 251).get("/polygon/v3/snapshot/options/SPY").then()
                .statusCode(400);
        given().header("Authorization", "Bearer " + PAID).queryParam("contract_type", "straddle").get("/polygon/v3/snapshot/options/SPY")
                .then().statusCode(400);
    }

    @Test
    void aggregatesPageWithNextUrlAndSkipNonTradingDays() {
        JsonPath days = given().header("Authorization", "Bearer " + PAID)
                .get("/polygon/v2/aggs/ticker/SPY/range/1/day/2025-01-01/2025-01-31").then().statusCode(200).extract().jsonPath();
        // January 2025: 1st (holiday), 9th (national day of mourning is not modelled), 20th (MLK) and weekends are skipped
        assertThat(days.getInt("resultsCount")).isBetween(20, 21);
        assertThat(days.getString("next_url")).isNull();

        List<Long> all = new ArrayList<>();
        String url = "/polygon/v2/aggs/ticker/AAPL/range/5/minute/2025-01-02/2025-01-03?limit=50";
        while (url != null) {
            JsonPath page = given().header("Authorization", "Bearer " + PAID).urlEncodingEnabled(false).get(url)
                    .then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("results.t", Long.class));
            String next = page.getString("next_url");
            url = next == null ? null : next.substring(next.indexOf("/polygon/"));
        }
        assertThat(all).hasSize(2 * 78).doesNotHaveDuplicates().isSorted();

        given().header("Authorization", "Bearer " + PAID).queryParam("limit", 50001)
                .get("/polygon/v2/aggs/ticker/SPY/range/1/day/2025-01-01/2025-01-31").then().statusCode(400);
        given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/aggs/ticker/SPY/range/1/fortnight/2025-01-01/2025-01-31").then()
                .statusCode(400);
    }

    // ---- PA-API 5.0 ---------------------------------------------------------------------------------------

    private Response paapi(String body, String accessKey, String secret, boolean tamper) {
        return paapi(body, accessKey, secret, tamper, "us-east-1");
    }

    private Response paapi(String body, String accessKey, String secret, boolean tamper, String region) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(base.toString().replaceAll("/$", "") + "/paapi5/getitems");
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("content-encoding", "amz-1.0")
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("x-amz-target", TARGET)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secret))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ProductAdvertisingAPI")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        String signedHeaders = signed.request().firstMatchingHeader("Authorization").orElseThrow().replaceAll(".*SignedHeaders=([^,]+),.*",
                "$1");
        assertThat(List.of(signedHeaders.split(";"))).contains("content-encoding", "content-type", "host", "x-amz-date", "x-amz-target");
        RequestSpecification spec = given().config(RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                spec = spec.header(h.getKey(), h.getValue().get(0));
            }
        }
        byte[] sent = tamper ? body.replace("B08DQQ8CBP", "B08DQQ8CBQ").getBytes(StandardCharsets.UTF_8) : bytes;
        return spec.body(sent).post("/paapi5/getitems");
    }

    private Response paapi(String body) {
        return paapi(body, "SANDBOXACCESSKEYID01", "sandbox/paapi/secret/key", false);
    }

    @Test
    void paapiVerifiesSigV4ForReal() {
        setLimit("paapi", "unlimited");
        String body = "{\"ItemIds\":[\"B08DQQ8CBP\",\"B0ZZZZZZZZ\"],\"ItemIdType\":\"ASIN\",\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\","
                + "\"Marketplace\":\"www.amazon.com\",\"Resources\":[\"ItemInfo.Title\",\"OffersV2.Listings.Price\"]}";
        Response ok = paapi(body);
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);
        JsonPath j = ok.jsonPath();
        assertThat(j.getString("ItemsResult.Items[0].ASIN")).isEqualTo("B08DQQ8CBP");
        assertThat(j.getString("ItemsResult.Items[0].ItemInfo.Title.DisplayValue")).contains("ESP32");
        assertThat(j.getString("ItemsResult.Items[0].OffersV2.Listings[0].Price.Money.Currency")).isEqualTo("USD");
        // only the listed resources appear
        assertThat(j.getMap("ItemsResult.Items[0]")).containsOnlyKeys("ASIN", "DetailPageURL", "ItemInfo", "OffersV2");
        assertThat(j.getMap("ItemsResult.Items[0].ItemInfo")).containsOnlyKeys("Title");
        assertThat(j.getMap("ItemsResult.Items[0].OffersV2.Listings[0]")).containsOnlyKeys("Price");
        assertThat(j.getString("Errors[0].Code")).isEqualTo("ItemNotAccessible");
        assertThat(j.getString("Errors[0].__type")).isEqualTo("com.amazon.paapi5#ErrorData");

        Response tampered = paapi(body, "SANDBOXACCESSKEYID01", "sandbox/paapi/secret/key", true);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.jsonPath().getString("__type")).isEqualTo("com.amazon.paapi5#InvalidSignatureException");
        assertThat(tampered.jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidSignature");

        Response wrongSecret = paapi(body, "SANDBOXACCESSKEYID01", "not/the/secret", false);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidSignature");

        Response unknownKey = paapi(body, "SANDBOXOTHERKEYID999", "sandbox/paapi/secret/key", false);
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.jsonPath().getString("Errors[0].Code")).isEqualTo("UnrecognizedClient");

        Response unsigned = given().contentType("application/json; charset=utf-8").header("content-encoding", "amz-1.0")
                .header("x-amz-target", TARGET).body(body).post("/paapi5/getitems");
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.jsonPath().getString("Errors[0].Code")).isEqualTo("IncompleteSignature");

        // a signature made more than 5 minutes ago is refused
        clock.advance(Duration.ofMinutes(6));
        assertThat(paapi(body).jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidSignature");
        clock.reset();

        Map<String, Object> c = counters("paapi");
        assertThat(((Number) c.get("authFailures")).intValue()).isEqualTo(5);
        assertThat(c.get("credentials").toString()).doesNotContain("SANDBOXACCESSKEYID01");
    }

    @Test
    void paapiValidatesTheBodyAndThrottles() {
        setLimit("paapi", "unlimited");
        Response tag = paapi("{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"someone-20\",\"PartnerType\":\"Associates\"}");
        assertThat(tag.statusCode()).isEqualTo(400);
        assertThat(tag.jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidPartnerTag");
        Response eleven = paapi(
                "{\"ItemIds\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",\"G\",\"H\",\"I\",\"J\",\"K\"],\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\"}");
        assertThat(eleven.statusCode()).isEqualTo(400);
        assertThat(eleven.jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidParameterValue");
        Response resource = paapi(
                "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\",\"Resources\":[\"Offers.Listings.Price\"]}");
        assertThat(resource.statusCode()).isEqualTo(400);
        Response eu = paapi(
                "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\",\"Marketplace\":\"www.amazon.de\"}");
        assertThat(eu.statusCode()).as("signed for us-east-1, but www.amazon.de's host signs with eu-west-1").isEqualTo(401);
        // default resources: the title only (as the captured exchanges show)
        JsonPath plain = paapi("{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\"}").then()
                .statusCode(200).extract().jsonPath();
        assertThat(plain.getMap("ItemsResult.Items[0]")).containsOnlyKeys("ASIN", "DetailPageURL", "ItemInfo");

        setLimit("paapi", "1/1s,8640/1d");
        String body = "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\"}";
        paapi(body).then().statusCode(200);
        Response throttled = paapi(body);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.jsonPath().getString("Errors[0].Code")).isEqualTo("TooManyRequests");
        clock.advance(Duration.ofSeconds(1));
        paapi(body).then().statusCode(200);
    }

    @Test
    void paapiKeysAndTagsBelongToTheirStore() {
        setLimit("paapi", "unlimited");
        String de = "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"%s\",\"PartnerType\":\"Associates\",\"Marketplace\":\"www.amazon.de\"}";
        // the European store's keys and its tag for www.amazon.de
        paapi(de.formatted("suite-de-21"), "SANDBOXACCESSKEYEU01", "sandbox/paapi/secret/key-eu", false, "eu-west-1").then()
                .statusCode(200);
        // the US tag in Germany
        Response usTag = paapi(de.formatted("suite-20"), "SANDBOXACCESSKEYEU01", "sandbox/paapi/secret/key-eu", false, "eu-west-1");
        assertThat(usTag.statusCode()).isEqualTo(400);
        assertThat(usTag.jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidPartnerTag");
        // the North American store's keys in Germany
        Response naKeys = paapi(de.formatted("suite-de-21"), "SANDBOXACCESSKEYID01", "sandbox/paapi/secret/key", false, "eu-west-1");
        assertThat(naKeys.statusCode()).isEqualTo(403);
        assertThat(naKeys.jsonPath().getString("Errors[0].Code")).isEqualTo("InvalidAssociate");
        // the new European marketplaces have their own tags
        for (String[] m : new String[][] { { "www.amazon.com.be", "suite-be-21" }, { "www.amazon.pl", "suite-pl-21" },
                { "www.amazon.eg", "suite-eg-21" }, { "www.amazon.ie", "suite-ie-21" } }) {
            String body = "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"" + m[1] + "\",\"PartnerType\":\"Associates\",\"Marketplace\":\""
                    + m[0] + "\"}";
            paapi(body, "SANDBOXACCESSKEYEU01", "sandbox/paapi/secret/key-eu", false, "eu-west-1").then().statusCode(200);
        }
        Map<?, ?> tags = given().get("/_control/data").then().statusCode(200).extract().path("partnerTags");
        assertThat(tags.get("www.amazon.com")).isEqualTo("suite-20");
        assertThat(tags.get("www.amazon.co.uk")).isEqualTo("suite-uk-21");
        assertThat(tags.get("www.amazon.co.jp")).isEqualTo("suite-jp-22");
    }

    @Test
    void anExhaustedDailyQuotaAnswersLikePaapiAndSaysSo() {
        setLimit("paapi", "1/1ms,2/1d");
        String body = "{\"ItemIds\":[\"B08DQQ8CBP\"],\"PartnerTag\":\"suite-20\",\"PartnerType\":\"Associates\"}";
        paapi(body).then().statusCode(200);
        clock.advance(Duration.ofSeconds(1));
        paapi(body).then().statusCode(200);
        clock.advance(Duration.ofSeconds(1));
        Response spent = paapi(body);
        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(spent.jsonPath().getString("Errors[0].Code")).isEqualTo("TooManyRequests");
        assertThat(spent.jsonPath().getString("Errors[0].Message")).contains("daily request quota");
        assertThat(spent.getHeader("Retry-After")).as("PA-API sends none").isNull();

        setLimit("creators", "100/1s,1/1d");
        String token = cognitoToken();
        String items = "{\"partnerTag\":\"suite-20\",\"itemIds\":[\"B08DQQ8CBP\"]}";
        creators("Bearer " + token + ", Version 2.1", items).then().statusCode(200);
        Response creatorsSpent = creators("Bearer " + token + ", Version 2.1", items);
        assertThat(creatorsSpent.statusCode()).isEqualTo(429);
        assertThat(creatorsSpent.jsonPath().getString("message")).contains("Daily request quota");
        setLimit("creators", "100/1s");
        assertThat(creators("Bearer " + token + ", Version 2.1", items).statusCode()).as("a per-second throttle is not daily")
                .isEqualTo(200);
    }

    // ---- Creators API -------------------------------------------------------------------------------------

    private String lwaToken(String path, String id, String secret) {
        return given().contentType(ContentType.JSON).body(Map.of("grant_type", "client_credentials", "client_id", id,
                "client_secret", secret, "scope", "creatorsapi::default"))
                .post(path).then().statusCode(200).extract().path("access_token");
    }

    private String cognitoToken(String region, String id, String secret) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", id).formParam("client_secret", secret)
                .formParam("scope", "creatorsapi/default").post("/cognito/" + region + "/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private Response creatorsIn(String marketplace, String authorization, String body) {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON).header("x-marketplace", marketplace)
                .header("Authorization", authorization).body(body).post("/catalog/v1/getItems");
    }

    @Test
    void everyCredentialVersionHasItsEndpointBodyScopeAndHeader() {
        setLimit("creators", "unlimited");
        String[][] regions = {
                { "NA", "us-east-1", "/lwa/auth/o2/token", "sandbox-creators-id", "sandbox-creators-secret", "1", "www.amazon.com",
                        "suite-20" },
                { "EU", "eu-south-2", "/lwa/eu/auth/o2/token", "sandbox-creators-eu-id", "sandbox-creators-eu-secret", "2", "www.amazon.de",
                        "suite-de-21" },
                { "FE", "us-west-2", "/lwa/fe/auth/o2/token", "sandbox-creators-fe-id", "sandbox-creators-fe-secret", "3",
                        "www.amazon.co.jp", "suite-jp-22" } };
        for (String[] r : regions) {
            String body = "{\"partnerTag\":\"" + r[7] + "\",\"itemIds\":[\"B08DQQ8CBP\"]}";
            String v2 = cognitoToken(r[1], r[3], r[4]);
            creatorsIn(r[6], "Bearer " + v2 + ", Version 2." + r[5], body).then().statusCode(200);
            assertThat(creatorsIn(r[6], "Bearer " + v2, body).statusCode()).as("2.x without Version").isEqualTo(401);
            assertThat(creatorsIn(r[6], "Bearer " + v2 + ", Version 3." + r[5], body).statusCode()).as("wrong version").isEqualTo(401);
            String v3 = lwaToken(r[2], r[3], r[4]);
            creatorsIn(r[6], "Bearer " + v3, body).then().statusCode(200);
            assertThat(creatorsIn(r[6], "Bearer " + v3 + ", Version 3." + r[5], body).statusCode()).as("3.x with a Version").isEqualTo(401);
        }
        // a credential is valid in its own region only: at the other regions' token endpoints ...
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").formParam("client_id", "sandbox-creators-id")
                .formParam("client_secret", "sandbox-creators-secret").formParam("scope", "creatorsapi/default")
                .post("/cognito/eu-south-2/oauth2/token").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
        given().contentType(ContentType.JSON).body(Map.of("grant_type", "client_credentials", "client_id", "sandbox-creators-eu-id",
                "client_secret", "sandbox-creators-eu-secret", "scope", "creatorsapi::default")).post("/lwa/auth/o2/token").then()
                .statusCode(401);
        // ... the wrong scope or body format ...
        given().contentType(ContentType.JSON).body(Map.of("grant_type", "client_credentials", "client_id", "sandbox-creators-eu-id",
                "client_secret", "sandbox-creators-eu-secret", "scope", "creatorsapi/default")).post("/lwa/eu/auth/o2/token").then()
                .statusCode(400);
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "sandbox-creators-eu-id")
                .formParam("client_secret", "sandbox-creators-eu-secret").formParam("scope", "creatorsapi::default")
                .post("/lwa/eu/auth/o2/token").then().statusCode(400);
        // ... and for the other regions' marketplaces, whose tags are not its store's
        String eu = cognitoToken("eu-south-2", "sandbox-creators-eu-id", "sandbox-creators-eu-secret");
        Response foreign = creatorsIn("www.amazon.com", "Bearer " + eu + ", Version 2.2",
                "{\"partnerTag\":\"suite-20\",\"itemIds\":[\"B08DQQ8CBP\"]}");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.jsonPath().getString("reason")).isEqualTo("InvalidAssociate");
        Response wrongTag = creatorsIn("www.amazon.de", "Bearer " + eu + ", Version 2.2",
                "{\"partnerTag\":\"suite-uk-21\",\"itemIds\":[\"B08DQQ8CBP\"]}");
        assertThat(wrongTag.statusCode()).isEqualTo(400);
        assertThat(wrongTag.jsonPath().getString("reason")).isEqualTo("InvalidPartnerTag");
        assertThat(wrongTag.jsonPath().getString("fieldList[0].name")).isEqualTo("partnerTag");
    }

    @Test
    void noItemFoundIsA404AndTheBuyBoxWinnerIsNotAlwaysFirst() {
        setLimit("creators", "unlimited");
        String token = cognitoToken();
        Response none = creators("Bearer " + token + ", Version 2.1",
                "{\"partnerTag\":\"suite-20\",\"itemIds\":[\"B0ZZZZZZZZ\",\"B0ZZZZZZZY\"]}");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.jsonPath().getString("type")).isEqualTo("ResourceNotFoundException");
        assertThat(none.jsonPath().getString("resourceType")).isEqualTo("Item");
        Response eleven = creators("Bearer " + token + ", Version 2.1",
                "{\"partnerTag\":\"suite-20\",\"itemIds\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\",\"G\",\"H\",\"I\",\"J\",\"K\"]}");
        assertThat(eleven.statusCode()).isEqualTo(400);
        assertThat(eleven.jsonPath().getString("fieldList[0].name")).isEqualTo("itemIds");

        List<String> asins = given().get("/_control/data").then().extract().path("asins");
        String ids = asins.subList(1, 11).stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
        JsonPath items = creators("Bearer " + token + ", Version 2.1", "{\"partnerTag\":\"suite-20\",\"itemIds\":[" + ids
                + "],\"resources\":[\"offersV2.listings.price\",\"offersV2.listings.isBuyBoxWinner\"]}").then().statusCode(200).extract()
                .jsonPath();
        List<List<Boolean>> winners = items.getList("itemsResult.items.offersV2.listings.isBuyBoxWinner");
        assertThat(winners).as("some items list a seller before the buy-box winner")
                .anySatisfy(l -> assertThat(l).containsExactly(false, true));
        // an item out of stock has no winner; one with a seller's listing has exactly one, after it
        assertThat(winners).filteredOn(l -> l.size() > 1).allSatisfy(l -> assertThat(l).containsExactly(false, true));
    }

    private String cognitoToken() {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "sandbox-creators-id").formParam("client_secret", "sandbox-creators-secret")
                .formParam("scope", "creatorsapi/default").post("/cognito/us-east-1/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private Response creators(String authorization, String body) {
        RequestSpecification s = given().contentType(ContentType.JSON).accept(ContentType.JSON).header("x-marketplace", "www.amazon.com");
        if (authorization != null) {
            s = s.header("Authorization", authorization);
        }
        return s.body(body).post("/catalog/v1/getItems");
    }

    @Test
    void creatorsApiTokensVersionsAndErrors() {
        setLimit("creators", "unlimited");
        String body = "{\"partnerTag\":\"suite-20\",\"itemIds\":[\"B08DQQ8CBP\",\"B0ZZZZZZZZ\",\"bad\"],"
                + "\"resources\":[\"itemInfo.title\",\"offersV2.listings.price\",\"offersV2.listings.availability\"]}";
        String v2 = cognitoToken();
        JsonPath ok = creators("Bearer " + v2 + ", Version 2.1", body).then().statusCode(200).extract().jsonPath();
        assertThat(ok.getString("itemsResult.items[0].asin")).isEqualTo("B08DQQ8CBP");
        assertThat(ok.getString("itemsResult.items[0].detailPageURL")).contains("/dp/B08DQQ8CBP");
        assertThat(ok.getString("itemsResult.items[0].itemInfo.title.displayValue")).contains("ESP32");
        assertThat(ok.getString("itemsResult.items[0].offersV2.listings[0].price.money.currency")).isEqualTo("USD");
        assertThat(ok.getList("errors.code", String.class)).containsExactly("ItemNotFound", "InvalidItemId");
        assertThat(ok.getString("itemsResult.items[0].offersV2.listings[0].availability.type")).isNotNull();

        Response noVersion = creators("Bearer " + v2, body);
        assertThat(noVersion.statusCode()).isEqualTo(401);
        assertThat(noVersion.jsonPath().getString("reason")).isEqualTo("InvalidToken");

        String v3 = given().contentType(ContentType.JSON)
                .body(Map.of("grant_type", "client_credentials", "client_id", "sandbox-creators-id",
                        "client_secret", "sandbox-creators-secret", "scope", "creatorsapi::default"))
                .post("/lwa/auth/o2/token").then().statusCode(200).extract().path("access_token");
        creators("Bearer " + v3, body).then().statusCode(200);
        creators("Bearer " + v3 + ", Version 3.1", body).then().statusCode(401);

        Response unknown = creators("Bearer nope, Version 2.1", body);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.jsonPath().getString("reason")).isEqualTo("InvalidToken");

        Response paapiStyle = creators("Bearer " + v3,
                "{\"partnerTag\":\"suite-20\",\"partnerType\":\"Associates\",\"itemIds\":[\"B08DQQ8CBP\"]}");
        assertThat(paapiStyle.statusCode()).isEqualTo(400);
        assertThat(paapiStyle.jsonPath().getString("reason")).isEqualTo("FieldValidationFailed");
        assertThat(paapiStyle.jsonPath().getList("fieldList.name", String.class)).containsExactly("partnerType");

        assertThat(given().contentType(ContentType.JSON).header("Authorization", "Bearer " + v3).body(body).post("/catalog/v1/getItems")
                .then().statusCode(400).extract().jsonPath().getList("fieldList.name", String.class)).containsExactly("x-marketplace");

        clock.advance(Duration.ofSeconds(3600));
        Response expired = creators("Bearer " + v2 + ", Version 2.1", body);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.jsonPath().getString("reason")).isEqualTo("TokenExpired");
    }

    @Test
    void productChangesShowUp() {
        setLimit("creators", "unlimited");
        String v2 = cognitoToken();
        String body = "{\"partnerTag\":\"suite-20\",\"itemIds\":[\"B08DQQ8CBP\"],\"resources\":[\"offersV2.listings.price\",\"offersV2.listings.availability\"]}";
        given().contentType(ContentType.JSON).body(Map.of("price", 9.5)).put("/_control/products/B08DQQ8CBP").then().statusCode(204);
        JsonPath p = creators("Bearer " + v2 + ", Version 2.1", body).then().statusCode(200).extract().jsonPath();
        assertThat(p.getFloat("itemsResult.items[0].offersV2.listings[0].price.money.amount")).isEqualTo(9.5f);
        given().contentType(ContentType.JSON).body(Map.of("availability", "OUT_OF_STOCK")).put("/_control/products/B08DQQ8CBP").then()
                .statusCode(204);
        JsonPath out = creators("Bearer " + v2 + ", Version 2.1", body).then().statusCode(200).extract().jsonPath();
        assertThat(out.getString("itemsResult.items[0].offersV2.listings[0].availability.type")).isEqualTo("OUT_OF_STOCK");
        assertThat(out.getMap("itemsResult.items[0].offersV2.listings[0]")).doesNotContainKey("price");
        given().post("/_control/products/B08DQQ8CBP/remove").then().statusCode(204);
        Response gone = creators("Bearer " + v2 + ", Version 2.1", body);
        assertThat(gone.statusCode()).as("no item found at all").isEqualTo(404);
        assertThat(gone.jsonPath().getString("type")).isEqualTo("ResourceNotFoundException");
    }

    // ---- faults and counters ------------------------------------------------------------------------------

    @Test
    void faultsApplyAndClear() {
        given().contentType(ContentType.JSON).body(Map.of("errorRate", 1.0, "errorStatus", 503)).put("/_control/faults/polygon").then()
                .statusCode(200);
        Response failing = given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/last/trade/SPY");
        assertThat(failing.statusCode()).isEqualTo(503);
        assertThat(failing.jsonPath().getString("status")).isEqualTo("ERROR");

        given().contentType(ContentType.JSON).body(Map.of("throttle", true)).put("/_control/faults/ads").then().statusCode(200);
        Response throttled = ads(accessToken(0)).get("/ads/na/v2/profiles");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();

        given().contentType(ContentType.JSON).body(Map.of("outageSeconds", 30)).put("/_control/faults/lwa").then().statusCode(200);
        assertThat(refresh(seededRefreshToken(0), CLIENT_SECRET).statusCode()).isEqualTo(503);
        clock.advance(Duration.ofSeconds(31));
        assertThat(refresh(seededRefreshToken(0), CLIENT_SECRET).statusCode()).isEqualTo(200);

        given().contentType(ContentType.JSON).body(Map.of("latencyMs", 300)).put("/_control/faults/polygon").then().statusCode(200);
        long t0 = System.nanoTime();
        given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/last/trade/SPY").then().statusCode(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        given().contentType(ContentType.JSON).body(Map.of("errorRate", 2.0)).put("/_control/faults/polygon").then().statusCode(400);
        given().delete("/_control/faults/polygon").then().statusCode(204);
        given().delete("/_control/faults/ads").then().statusCode(204);
        given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/last/trade/SPY").then().statusCode(200);
        ads(accessToken(0)).get("/ads/na/v2/profiles").then().statusCode(200);
        assertThat(((Number) counters("polygon").get("faults")).intValue()).isEqualTo(1);
    }

    @Test
    void countersCountCallsPerEndpointAndMaskedCredential() {
        given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/last/trade/SPY").then().statusCode(200);
        given().header("Authorization", "Bearer " + PAID).get("/polygon/v2/last/trade/QQQ").then().statusCode(200);
        given().header("Authorization", "Bearer wrong").get("/polygon/v2/last/nbbo/SPY").then().statusCode(401);
        Map<String, Object> c = counters("polygon");
        assertThat(((Number) c.get("calls")).intValue()).isEqualTo(3);
        assertThat(((Number) c.get("authFailures")).intValue()).isEqualTo(1);
        assertThat(((Number) c.get("peakPerSecond")).intValue()).isBetween(1, 3);
        Map<?, ?> endpoints = (Map<?, ?>) c.get("endpoints");
        assertThat(((Number) endpoints.get("GET /polygon/v2/last/trade/{ticker}")).intValue()).isEqualTo(2);
        assertThat(((Number) endpoints.get("GET /polygon/v2/last/nbbo/{ticker}")).intValue()).isEqualTo(1);
        String creds = c.get("credentials").toString();
        assertThat(creds).doesNotContain(PAID).doesNotContain("wrong");
        assertThat(((Map<?, ?>) c.get("credentials")).values().stream().mapToInt(v -> ((Number) v).intValue()).sum()).isEqualTo(3);

        given().post("/_control/counters/reset").then().statusCode(204);
        assertThat(((Number) counters("polygon").get("calls")).intValue()).isZero();
        // control calls and health are not counted as upstream calls
        given().get("/q/health").then().statusCode(200);
        assertThat(((Number) counters("lwa").get("calls")).intValue()).isZero();
    }
}
