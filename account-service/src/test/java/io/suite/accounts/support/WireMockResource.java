package io.suite.accounts.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server for the whole run standing in for LWA ({@code /lwa}) and the three Ads hosts ({@code /ads/na},
 * {@code /ads/eu}, {@code /ads/fe}), the sandbox's base paths.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String base = server.baseUrl();
        return Map.of("quarkus.rest-client.lwa.url", base + "/lwa",
                "quarkus.rest-client.ads.url", base + "/ads/na",
                "accounts.ads.region-urls.na", base + "/ads/na",
                "accounts.ads.region-urls.eu", base + "/ads/eu",
                "accounts.ads.region-urls.fe", base + "/ads/fe");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
