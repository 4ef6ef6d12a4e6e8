package io.suite.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Production guard settings as the issue states them (tests run with short delays of the same shape): retries
 * 1 s, 2 s, 4 s; breaker opens after 5 consecutive failures for 5 minutes; a budget of 1/s and 8,640/day per store.
 */
class GuardConfigTest {

    @ParameterizedTest
    @ValueSource(strings = { "paapi", "creators" })
    void productionGuardsMatchTheIssue(String upstream) throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            p.load(in);
        }
        String prefix = "resilience.upstreams." + upstream + ".";
        assertThat(p.getProperty(prefix + "retry.base")).isEqualTo("1s");
        assertThat(p.getProperty(prefix + "retry.cap")).isEqualTo("4s");
        assertThat(p.getProperty(prefix + "retry.max-attempts")).as("the call and 3 retries").isEqualTo("4");
        assertThat(p.getProperty(prefix + "breaker.failure-threshold")).isEqualTo("5");
        assertThat(p.getProperty(prefix + "breaker.delay")).isEqualTo("5m");
        assertThat(p.getProperty(prefix + "breaker.success-threshold")).as("one trial closes it").isEqualTo("1");
        assertThat(p.getProperty(prefix + "budget")).as("budgets belong to stores, not to the upstream").isNull();
        assertThat(StoresTest.config(StoresTest.usStore("3.1")).stores().get("us").budget()).containsExactly("1/1s", "8640/1d");
        assertThat(StoresTest.config(Map.of()).refresh().batchSize()).isEqualTo(10);
    }
}
