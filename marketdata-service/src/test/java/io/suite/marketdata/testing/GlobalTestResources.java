package io.suite.marketdata.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.suite.testing.JwtKeys;
import io.suite.testing.WireMockResource;

/**
 * Test resources for the single Quarkus boot of this module: a JWT key pair and WireMock as Polygon, whose base URL
 * carries the sandbox's path prefix ({@link Polygon#PREFIX}) so the next_url handling is tested against it.
 */
@QuarkusTestResource(JwtKeys.class)
@QuarkusTestResource(value = WireMockResource.class,
        initArgs = @ResourceArg(name = "quarkus.rest-client.polygon.url", value = Polygon.PREFIX))
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
