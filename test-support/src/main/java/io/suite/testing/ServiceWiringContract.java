package io.suite.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * What every service must show once booted on its schema with shared-resilience: probes and metrics only on the
 * management interface, migrations owned by the owner role while the pool runs as a runtime role that creates nothing,
 * and problem+json with the caller's correlation id. A service's {@code @QuarkusTest} extends it and names its schema.
 */
public abstract class ServiceWiringContract {

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Inject
    Pool pool;

    /** The service's schema: its roles are {@code <schema>_owner} and {@code <schema>_app}. */
    protected abstract String schema();

    @Test
    void probesAndMetricsAreOnTheManagementInterface() {
        String management = "http://localhost:" + managementPort;
        given().when().get(management + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get(management + "/q/metrics").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(404);
    }

    @Test
    void migrationsRanAsOwnerAndTheAppRoleCanUseTheSharedTables() {
        var row = pool.preparedQuery("select current_user, (select count(*) from resilience_rate_budget) as budgets, "
                + "has_schema_privilege(current_user, $1, 'CREATE') as can_create, "
                + "(select tableowner from pg_tables where schemaname = $1 and tablename = 'resilience_rate_budget') as table_owner")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(schema())).await().indefinitely().iterator().next();
        assertThat(row.getString("current_user")).isEqualTo(schema() + "_app");
        assertThat(row.getBoolean("can_create")).as("runtime role creates nothing").isFalse();
        assertThat(row.getString("table_owner")).isEqualTo(schema() + "_owner");
    }

    @Test
    void unknownPathsAreProblemsWithTheCorrelationId() {
        given().header("X-Correlation-ID", "wiring-1").when().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json")
                .header("X-Correlation-ID", "wiring-1")
                .body("correlationId", equalTo("wiring-1"))
                .body("status", equalTo(404));
    }
}
