package io.suite.resilience.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The managed mapper carries the suite's settings, and {@link SuiteJson#newMapper()} matches it. */
@QuarkusTest
class SuiteJsonTest {

    record Price(String currency, BigDecimal amount) {
    }

    @Inject
    ObjectMapper managed;

    @Test
    void floatsStayExactAndUnknownFieldsAreIgnored() throws Exception {
        for (ObjectMapper json : new ObjectMapper[] { managed, SuiteJson.newMapper() }) {
            Map<String, Object> untyped = json.readValue("{\"amount\":19.99000000000000000001}", new TypeReference<>() {
            });
            assertThat(untyped.get("amount")).isEqualTo(new BigDecimal("19.99000000000000000001"));
            assertThat(json.readTree("{\"a\":0.1}").get("a").decimalValue()).isEqualTo(new BigDecimal("0.1"));
            Price p = json.readValue("{\"currency\":\"EUR\",\"amount\":7.10,\"added\":\"later\"}", Price.class);
            assertThat(p.amount().toPlainString()).isEqualTo("7.10");
        }
    }
}
