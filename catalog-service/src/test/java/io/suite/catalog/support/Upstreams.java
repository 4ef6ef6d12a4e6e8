package io.suite.catalog.support;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.suite.catalog.config.Stores;
import io.suite.catalog.domain.CallStats;
import io.suite.catalog.domain.Marketplace;
import io.suite.catalog.domain.ProductSource;
import io.suite.catalog.domain.Store;

/**
 * Puts an upstream guard back to a known state between tests: breakers are per instance and the whole module boots
 * once, so a test that leaves failures in the breaker's window would change the next test's outcome.
 */
public final class Upstreams {

    /** Token endpoints of the test stores, at the sandbox's paths: us has a 3.1 (LWA) credential, de a 2.2 (Cognito) one. */
    public static final String US_TOKEN = "/lwa/auth/o2/token";
    public static final String DE_TOKEN = "/cognito/eu-south-2/oauth2/token";
    public static final String RESET_ASIN = "RESET00000";

    private Upstreams() {
    }

    /** Closes the source's breaker with a successful call (waiting out an open breaker), then clears WireMock. */
    public static void reset(WireMockServer wireMock, ProductSource source, Stores stores, Marketplace marketplace) {
        Store store = stores.forMarketplace(marketplace.code()).orElseThrow();
        wireMock.resetAll();
        wireMock.stubFor(post(urlPathEqualTo("/paapi5/getitems")).withRequestBody(containing(RESET_ASIN))
                .willReturn(okJson(Fixtures.paapiReply(Fixtures.paapiV2Item(RESET_ASIN, "1.00", null)))));
        for (String tokenPath : List.of(US_TOKEN, DE_TOKEN)) {
            wireMock.stubFor(post(urlPathEqualTo(tokenPath))
                    .willReturn(okJson("{\"access_token\":\"reset-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
        }
        wireMock.stubFor(post(urlPathEqualTo("/catalog/v1/getItems")).withRequestBody(containing(RESET_ASIN))
                .willReturn(okJson("{\"itemsResult\":{\"items\":[{\"asin\":\"" + RESET_ASIN + "\"}]}}")));
        // untilAsserted: a timeout reports the last failure of the reset call
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            source.getItems(store, marketplace, List.of(RESET_ASIN), new CallStats()).await().atMost(Duration.ofSeconds(5));
            if (source.breakerState() != CircuitBreakerState.CLOSED) {
                throw new AssertionError("breaker of " + source.name() + " is " + source.breakerState());
            }
        });
        wireMock.resetAll();
    }
}
