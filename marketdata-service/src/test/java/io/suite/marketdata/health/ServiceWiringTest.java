package io.suite.marketdata.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.suite.testing.ServiceWiringContract;
import jakarta.inject.Inject;

/** The service boots on its schema with shared-resilience wired in: probes, migrations, problem+json, correlation. */
@QuarkusTest
class ServiceWiringTest extends ServiceWiringContract {

    @Inject
    SmallRyeConfig config;

    @Override
    protected String schema() {
        return "marketdata";
    }

    /** Quarkus reads shared-resilience's suite-wide defaults, %test lines included (this file no longer has them). */
    @Test
    void suiteDefaultsComeFromSharedResilienceWithTheTestProfile() {
        var cleanAtStart = config.getConfigValue("quarkus.flyway.clean-at-start");
        assertThat(cleanAtStart.getValue()).isEqualTo("true");
        assertThat(cleanAtStart.getSourceName()).contains("microprofile-config.properties");
        var jsonLogs = config.getConfigValue("quarkus.log.console.json.enabled");
        assertThat(jsonLogs.getValue()).isEqualTo("false");
        assertThat(jsonLogs.getSourceName()).contains("microprofile-config.properties");
        assertThat(config.getConfigValue("quarkus.flyway.locations").getValue()).isEqualTo("db/migration,db/resilience");
    }
}
