package io.suite.catalog.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server for the whole test run (test resources are global), standing in for PA-API, the Creators API
 * and its token endpoints at the sandbox's paths. Injected into test fields of type {@link WireMockServer}.
 */
public class CatalogWireMock implements QuarkusTestResourceLifecycleManager {

    /** Token endpoints of the test stores, at the sandbox's paths: us has a 3.1 (LWA) credential, de a 2.2 (Cognito) one. */
    public static final String US_TOKEN = "/lwa/auth/o2/token";
    public static final String DE_TOKEN = "/cognito/eu-south-2/oauth2/token";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("catalog.paapi.endpoint", server.baseUrl(),
                "quarkus.rest-client.creators.url", server.baseUrl(),
                "catalog.stores.us.token-url", server.baseUrl() + US_TOKEN,
                "catalog.stores.de.token-url", server.baseUrl() + DE_TOKEN);
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
