package io.suite.catalog.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.suite.testing.JwtKeys;
import io.suite.testing.WireMockResource;

/**
 * The module's test resources, declared once: they are global, so every @QuarkusTest shares one WireMock and one JWT
 * key pair (declaring them on several classes would start them more than once, with different keys). WireMock stands
 * in for PA-API, the Creators API and its token endpoints at the sandbox's paths.
 */
@QuarkusTestResource(JwtKeys.class)
@QuarkusTestResource(value = WireMockResource.class, initArgs = {
        @ResourceArg(name = "catalog.paapi.endpoint", value = ""),
        @ResourceArg(name = "quarkus.rest-client.creators.url", value = ""),
        @ResourceArg(name = "catalog.stores.us.token-url", value = Upstreams.US_TOKEN),
        @ResourceArg(name = "catalog.stores.de.token-url", value = Upstreams.DE_TOKEN) })
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
