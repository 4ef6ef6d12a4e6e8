package io.suite.catalog.health;

import java.util.Set;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.ServiceWiringContract;

/** The service boots on its schema with shared-resilience wired in: probes, migrations, problem+json, correlation. */
@QuarkusTest
class ServiceWiringTest extends ServiceWiringContract {

    @Override
    protected String schema() {
        return "catalog";
    }

    /** Jackson's JsonNode, the type of a product's raw_payload (the upstream item verbatim): not our shape to spell. */
    @Override
    protected Set<String> vendorSchemas() {
        return Set.of("JsonNode");
    }
}
