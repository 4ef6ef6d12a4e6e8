package io.suite.accounts.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.suite.testing.JwtKeys;
import io.suite.testing.WireMockResource;

/**
 * The module's test resources, declared once (one boot for every test class): a JWT key pair, and one WireMock
 * standing in for LWA ({@code /lwa}) and the three Ads hosts ({@code /ads/na}, {@code /ads/eu}, {@code /ads/fe}), the
 * sandbox's base paths.
 */
@QuarkusTestResource(JwtKeys.class)
@QuarkusTestResource(value = WireMockResource.class, initArgs = {
        @ResourceArg(name = "quarkus.rest-client.lwa.url", value = "/lwa"),
        @ResourceArg(name = "quarkus.rest-client.ads.url", value = "/ads/na"),
        @ResourceArg(name = "accounts.ads.region-urls.na", value = "/ads/na"),
        @ResourceArg(name = "accounts.ads.region-urls.eu", value = "/ads/eu"),
        @ResourceArg(name = "accounts.ads.region-urls.fe", value = "/ads/fe") })
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
