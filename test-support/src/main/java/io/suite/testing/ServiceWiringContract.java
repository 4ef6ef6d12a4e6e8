package io.suite.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * What every service must show once booted on its schema with shared-resilience: probes and metrics only on the
 * management interface, migrations owned by the owner role while the pool runs as a runtime role that creates nothing,
 * problem+json with the caller's correlation id, and snake_case for every property of its public JSON. A service's
 * {@code @QuarkusTest} extends it and names its schema.
 */
public abstract class ServiceWiringContract {

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Inject
    Pool pool;

    /** The service's schema: its roles are {@code <schema>_owner} and {@code <schema>_app}. */
    protected abstract String schema();

    /** The suite's one JSON naming convention for public bodies (README, "API conventions"). */
    static final Pattern SNAKE_CASE = Pattern.compile("^[a-z][a-z0-9_]*$");

    /**
     * OpenAPI component schemas that are an upstream's shape, spelled as the vendor spells it, if one ever leaks into
     * the document; none does today. A service overrides this and names each one explicitly.
     */
    protected Set<String> vendorSchemas() {
        return Set.of();
    }

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
                .execute(Tuple.of(schema())).await().indefinitely().iterator().next();
        assertThat(row.getString("current_user")).isEqualTo(schema() + "_app");
        assertThat(row.getBoolean("can_create")).as("runtime role creates nothing").isFalse();
        assertThat(row.getString("table_owner")).isEqualTo(schema() + "_owner");
    }

    @Test
    void unknownPathsAreProblemsWithTheCorrelationId() {
        given().header("X-Correlation-ID", "wiring-1").when().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json")
                .header("X-Correlation-ID", "wiring-1")
                .body("correlation_id", equalTo("wiring-1"))
                .body("status", equalTo(404));
    }

    @Test
    void everyPublicJsonPropertyIsSnakeCase() {
        // a DTO added without @JsonNaming(SnakeCaseStrategy) shows up here with its camelCase property names
        Map<String, Object> schemas = given().when().get("http://localhost:" + managementPort + "/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("components.schemas");
        assertThat(schemas).as("the service documents its bodies").isNotEmpty();
        List<String> offenders = new ArrayList<>();
        schemas.forEach((name, schema) -> {
            if (!vendorSchemas().contains(name)) {
                collectNonSnakeCase(name, schema, offenders);
            }
        });
        assertThat(offenders).as("JSON properties that are not snake_case (schema.property)").isEmpty();
    }

    /** Walks a schema's properties, including inline object, array item and composed schemas. */
    @SuppressWarnings("unchecked")
    static void collectNonSnakeCase(String path, Object schema, List<String> offenders) {
        if (schema instanceof List<?> list) {
            list.forEach(s -> collectNonSnakeCase(path, s, offenders));
            return;
        }
        if (!(schema instanceof Map<?, ?> map)) {
            return;
        }
        if (map.get("properties") instanceof Map<?, ?> properties) {
            ((Map<String, Object>) properties).forEach((property, sub) -> {
                if (!SNAKE_CASE.matcher(property).matches()) {
                    offenders.add(path + "." + property);
                }
                collectNonSnakeCase(path + "." + property, sub, offenders);
            });
        }
        for (String nested : List.of("items", "additionalProperties", "allOf", "oneOf", "anyOf")) {
            collectNonSnakeCase(path, map.get(nested), offenders);
        }
    }
}
