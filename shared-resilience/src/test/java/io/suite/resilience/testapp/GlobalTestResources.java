package io.suite.resilience.testapp;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.suite.testing.WireMockResource;

/** WireMock as the upstream of the test app's {@link ThingClient}, declared once for every test class of the module. */
@QuarkusTestResource(value = WireMockResource.class, initArgs = @ResourceArg(name = "quarkus.rest-client.wiremock.url", value = ""))
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
