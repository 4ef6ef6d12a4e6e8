package io.suite.catalog.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server for the whole test run (test resources are global), standing in for PA-API, the Creators API
 * and its token endpoint at the sandbox's paths. Injected into test fields of type {@link WireMockServer}.
 */
public class CatalogWireMock implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("catalog.paapi.endpoint", server.baseUrl(),
                "quarkus.rest-client.creators.url", server.baseUrl(),
                "quarkus.rest-client.creators-token.url", server.baseUrl() + "/cognito/us-east-1");
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
