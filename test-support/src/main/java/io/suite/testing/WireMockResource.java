package io.suite.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One WireMock server for the whole test run, on a free loopback port, standing in for a module's upstreams. Each
 * module says which properties point at it with init args: the arg's name is the property, its value the path
 * appended to the server's base URL (empty for the base URL itself), e.g.
 * {@code @QuarkusTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "quarkus.rest-client.lwa.url", value = "/lwa"))}.
 * Tests get the server in a field annotated {@link InjectWireMock}.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    private final Map<String, String> pathsByProperty = new LinkedHashMap<>();
    private WireMockServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        pathsByProperty.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        if (pathsByProperty.isEmpty()) {
            throw new IllegalStateException("WireMockResource needs init args: property name -> path on the server");
        }
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Map<String, String> properties = new LinkedHashMap<>();
        pathsByProperty.forEach((property, path) -> properties.put(property, server.baseUrl() + path));
        return properties;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
