package io.suite.catalog.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.suite.testing.JwtKeys;

/**
 * The module's test resources, declared once: they are global, so every @QuarkusTest shares one WireMock and one JWT
 * key pair (declaring them on several classes would start them more than once, with different keys).
 */
@QuarkusTestResource(JwtKeys.class)
@QuarkusTestResource(CatalogWireMock.class)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
