package io.suite.resilience.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.suite.resilience.problem.ProblemException;

/**
 * Absurd numbers are refused by their text, before a BigDecimal exists. With the old {@code new BigDecimal(raw)}
 * followed by any plain rendering (toPlainString for the cache key and the upstream query), {@code 1e400000000}
 * needs a 400-million-character string: this test ran out of heap before.
 */
class BoundedNumbersTest {

    private static final BigDecimal MAX = new BigDecimal("1000000");

    @ParameterizedTest
    @ValueSource(strings = { "1e400000000", "1E30000000", "1e-400000000", "3e7", "NaN", "Infinity", "-Infinity", "0x1F",
            "0X10", "1_000", "1,5", "١٢٣", "12 34", "--1", "+-1", ".", "1..2", "1.2.3", "1.1234567",
            "99999999999999999999999", "0.0000001" })
    void refusesAnythingButABoundedPlainDecimalAsA400NamingTheField(String raw) {
        assertThatThrownBy(() -> plain(BoundedNumbers.positiveDecimal("strike_min", raw, MAX)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("strike_min"));
                });
    }

    @Test
    void refusesHugeDigitStringsByLengthWithoutParsingThem() {
        String digits = "9".repeat(50_000_000);
        assertThatThrownBy(() -> BoundedNumbers.positiveDecimal("strike_max", digits, MAX)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> BoundedNumbers.intInRange("limit", digits, 50, 1, 250)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> BoundedNumbers.nonNegativeLong("min_volume", "9223372036854775808"))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> BoundedNumbers.nonNegativeLong("min_volume", "1" + "0".repeat(19)))
                .isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-0", "-0.0", "-1", "1000000.000001" })
    void positiveDecimalsAreAbove0AndWithinTheBound(String raw) {
        assertThatThrownBy(() -> BoundedNumbers.positiveDecimal("strike_min", raw, MAX))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("strike_min"));
    }

    @Test
    void acceptsOrdinaryValues() {
        assertThat(BoundedNumbers.positiveDecimal("strike_min", " 412.5 ", MAX)).isEqualByComparingTo("412.5");
        assertThat(BoundedNumbers.positiveDecimal("strike_min", ".5", MAX)).isEqualByComparingTo("0.5");
        assertThat(BoundedNumbers.positiveDecimal("strike_min", "1.", MAX)).isEqualByComparingTo("1");
        assertThat(BoundedNumbers.positiveDecimal("strike_min", "1000000", MAX)).isEqualByComparingTo("1000000");
        assertThat(BoundedNumbers.positiveDecimal("strike_min", null, MAX)).isNull();
        assertThat(BoundedNumbers.intInRange("limit", "", 50, 1, 250)).isEqualTo(50);
        assertThat(BoundedNumbers.intInRange("limit", "+250", 50, 1, 250)).isEqualTo(250);
        assertThat(BoundedNumbers.nonNegativeLong("min_volume", "0")).isZero();
        assertThat(BoundedNumbers.nonNegativeLong("min_volume", String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "251", "1e2", "0x10", "NaN", "2147483648", "9999999999999999999" })
    void wholeNumbersOutsideTheRangeOrShapeAreNamed(String raw) {
        assertThatThrownBy(() -> BoundedNumbers.intInRange("limit", raw, 50, 1, 250))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("limit"));
    }

    /** What the services do with a strike next (the cache key, the upstream filter): the step that blew up before. */
    private static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }
}
