package io.suite.accounts.health;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.support.WireMockResource;
import io.suite.testing.JwtKeys;
import io.suite.testing.ServiceWiringContract;

/** The service boots on its schema with shared-resilience wired in: probes, migrations, problem+json, correlation. */
@QuarkusTest
// global test resources of the module (one boot for every test class): WireMock for the upstreams, JWT keys
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(JwtKeys.class)
class ServiceWiringTest extends ServiceWiringContract {

    @Override
    protected String schema() {
        return "accounts";
    }
}
