package io.suite.resilience.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The suite-wide defaults in META-INF/microprofile-config.properties, read the way a service reads them: their %dev and
 * %test lines follow the active profile, a service's application.properties (250) and the environment (300) win.
 */
class SuiteDefaultsTest {

    private static SmallRyeConfig config(String profile, Map<String, String> application, Map<String, String> env) {
        PropertiesConfigSource defaults;
        try {
            defaults = new PropertiesConfigSource(SuiteDefaultsTest.class.getResource("/META-INF/microprofile-config.properties"), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors().withSources(defaults)
                .withSources(new PropertiesConfigSource(application, "application.properties", 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
    }

    @Test
    void profileLinesFollowTheActiveProfile() {
        assertThat(config("prod", Map.of(), Map.of()).getRawValue("quarkus.log.console.json.enabled")).isEqualTo("true");
        assertThat(config("dev", Map.of(), Map.of()).getRawValue("quarkus.log.console.json.enabled")).isEqualTo("false");
        assertThat(config("test", Map.of(), Map.of()).getRawValue("quarkus.log.console.json.enabled")).isEqualTo("false");
        assertThat(config("test", Map.of(), Map.of()).getRawValue("quarkus.flyway.clean-at-start")).isEqualTo("true");
        assertThat(config("prod", Map.of(), Map.of()).getRawValue("quarkus.flyway.clean-at-start")).isNull();
        assertThat(config("test", Map.of(), Map.of()).getRawValue("quarkus.datasource.reactive.url"))
                .isEqualTo("postgresql://127.0.0.1:5432/suite_test");
        assertThat(config("prod", Map.of(), Map.of()).getRawValue("quarkus.datasource.reactive.url"))
                .isEqualTo("postgresql://127.0.0.1:5432/suite");
    }

    @Test
    void aServiceOrTheEnvironmentOverridesEveryDefault() {
        assertThat(config("prod", Map.of("mp.jwt.verify.token.age", "600"), Map.of()).getRawValue("mp.jwt.verify.token.age"))
                .isEqualTo("600");
        assertThat(config("prod", Map.of("mp.jwt.verify.token.age", "600"), Map.of("MP_JWT_VERIFY_TOKEN_AGE", "60"))
                .getRawValue("mp.jwt.verify.token.age")).isEqualTo("60");
        // the variables the defaults are written with (deploy/local, k8s config maps)
        Map<String, String> env = Map.of("SUITE_DB_HOST", "suite-db-rw", "SUITE_JSON_LOGS", "false", "SUITE_JWT_MAX_AGE_SECONDS", "900");
        SmallRyeConfig prod = config("prod", Map.of(), env);
        assertThat(prod.getRawValue("quarkus.datasource.jdbc.url")).isEqualTo("jdbc:postgresql://suite-db-rw:5432/suite");
        assertThat(prod.getRawValue("quarkus.log.console.json.enabled")).isEqualTo("false");
        assertThat(prod.getRawValue("mp.jwt.verify.token.age")).isEqualTo("900");
        // a service's %test line beats the default of the same profile
        assertThat(config("test", Map.of("%test.quarkus.flyway.clean-at-start", "false"), Map.of())
                .getRawValue("quarkus.flyway.clean-at-start")).isEqualTo("false");
    }
}
