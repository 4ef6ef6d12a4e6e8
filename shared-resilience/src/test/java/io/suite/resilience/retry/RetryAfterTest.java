package io.suite.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void parsesDeltaSeconds() {
        assertThat(RetryAfter.parse("2", clock)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 120 ", clock)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("0", clock)).contains(Duration.ZERO);
    }

    @Test
    void parsesImfFixdateRelativeToTheClock() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", clock)).contains(Duration.ofSeconds(30));
    }

    @Test
    void parsesObsoleteDateFormsRfc9110StillRequires() {
        assertThat(RetryAfter.parse("Wednesday, 21-Oct-15 07:29:00 GMT", clock)).contains(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Wed Oct 21 07:28:10 2015", clock)).contains(Duration.ofSeconds(10));
    }

    @Test
    void aDateInThePastMeansRetryNow() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void hugeValuesAreCapped() {
        assertThat(RetryAfter.parse("999999999999999999999999", clock)).contains(RetryAfter.DEFAULT_CAP);
        assertThat(RetryAfter.parse("86400", clock, Duration.ofMinutes(5))).contains(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", clock)).contains(RetryAfter.DEFAULT_CAP);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "  ", "-1", "1.5", "soon", "2s", "Thu, 99 Foo 2015 07:28:00 GMT", "0x10", "+3" })
    void garbageIsAbsentNeverAnException(String value) {
        assertThat(RetryAfter.parse(value, clock)).isEmpty();
    }

    @Test
    void nullIsAbsent() {
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }
}
