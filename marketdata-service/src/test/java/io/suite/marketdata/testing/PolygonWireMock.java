package io.suite.marketdata.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server standing in for Polygon for the whole run, on a free loopback port. The base URL carries a path
 * prefix ({@code /polygon}, as the sandbox has) so the next_url handling is tested against it.
 */
public class PolygonWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String PREFIX = "/polygon";
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("quarkus.rest-client.polygon.url", server.baseUrl() + PREFIX);
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
