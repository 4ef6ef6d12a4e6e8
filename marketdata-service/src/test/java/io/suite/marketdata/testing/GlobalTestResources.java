package io.suite.marketdata.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.suite.testing.JwtKeys;

/** Test resources for the single Quarkus boot of this module: a JWT key pair and WireMock as Polygon. */
@QuarkusTestResource(JwtKeys.class)
@QuarkusTestResource(PolygonWireMock.class)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
