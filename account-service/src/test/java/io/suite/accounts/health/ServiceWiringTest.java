package io.suite.accounts.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.support.WireMockResource;
import io.suite.testing.JwtKeys;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** The service boots on its schema with shared-resilience wired in: probes, migrations, problem+json, correlation. */
@QuarkusTest
// global test resources of the module (one boot for every test class): WireMock for the upstreams, JWT keys
@QuarkusTestResource(WireMockResource.class)
@QuarkusTestResource(JwtKeys.class)
class ServiceWiringTest {

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Inject
    Pool pool;

    @Test
    void probesAndMetricsAreOnTheManagementInterface() {
        String management = "http://localhost:" + managementPort;
        given().when().get(management + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get(management + "/q/metrics").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(404);
    }

    @Test
    void migrationsRanAsOwnerAndTheAppRoleCanUseTheSharedTables() {
        var row = pool.query("select current_user, (select count(*) from resilience_rate_budget) as budgets, "
                + "has_schema_privilege(current_user, 'accounts', 'CREATE') as can_create, "
                + "(select tableowner from pg_tables where schemaname = 'accounts' and tablename = 'user_accounts') as table_owner")
                .execute().await().indefinitely().iterator().next();
        org.assertj.core.api.Assertions.assertThat(row.getString("current_user")).isEqualTo("accounts_app");
        org.assertj.core.api.Assertions.assertThat(row.getBoolean("can_create")).as("runtime role creates nothing").isFalse();
        org.assertj.core.api.Assertions.assertThat(row.getString("table_owner")).isEqualTo("accounts_owner");
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
