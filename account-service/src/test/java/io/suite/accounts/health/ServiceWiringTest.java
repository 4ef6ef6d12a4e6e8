package io.suite.accounts.health;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.ServiceWiringContract;

/** The service boots on its schema with shared-resilience wired in: probes, migrations, problem+json, correlation. */
@QuarkusTest
class ServiceWiringTest extends ServiceWiringContract {

    @Override
    protected String schema() {
        return "accounts";
    }
}
