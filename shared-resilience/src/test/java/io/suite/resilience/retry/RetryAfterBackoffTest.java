package io.suite.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;

class RetryAfterBackoffTest {

    private final BackoffPolicy seedPolicy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 5,
            Duration.ofMinutes(5));

    @Test
    void ceilingDoublesFromBaseUpToCap() {
        assertThat(seedPolicy.ceilingMillis(1)).isEqualTo(1_000);
        assertThat(seedPolicy.ceilingMillis(2)).isEqualTo(2_000);
        assertThat(seedPolicy.ceilingMillis(3)).isEqualTo(4_000);
        assertThat(seedPolicy.ceilingMillis(7)).isEqualTo(60_000);
        assertThat(seedPolicy.ceilingMillis(500)).isEqualTo(60_000);
    }

    @Test
    void withoutJitterTheProductDataScheduleIsOneTwoFourSeconds() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(seedPolicy, ceiling -> ceiling);
        Throwable failure = new UpstreamUnavailableException("paapi", 503, null, null, null, null);
        assertThat(backoff.nextDelayInMillis(failure)).isEqualTo(1_000);
        assertThat(backoff.nextDelayInMillis(failure)).isEqualTo(2_000);
        assertThat(backoff.nextDelayInMillis(failure)).isEqualTo(4_000);
    }

    @RepeatedTest(20)
    void fullJitterStaysWithinZeroAndTheCeiling() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(seedPolicy);
        Throwable failure = new UpstreamUnavailableException("ads", 500, null, null, null, null);
        for (int retry = 1; retry <= 8; retry++) {
            assertThat(backoff.nextDelayInMillis(failure)).isBetween(0L, seedPolicy.ceilingMillis(retry));
        }
    }

    @Test
    void retryAfterWinsWhenLongerThanTheBackoff() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(seedPolicy, ceiling -> 10);
        Throwable limited = new UpstreamRateLimitedException("ads", 429, null, null, Duration.ofSeconds(7));
        assertThat(backoff.nextDelayInMillis(limited)).isEqualTo(7_000);
    }

    @Test
    void backoffWinsWhenLongerThanRetryAfter() {
        RetryAfterBackoff backoff = new RetryAfterBackoff(seedPolicy, ceiling -> ceiling);
        Throwable limited = new UpstreamRateLimitedException("ads", 429, null, null, Duration.ofMillis(300));
        assertThat(backoff.nextDelayInMillis(limited)).isEqualTo(1_000);
    }

    @Test
    void policyRejectsNonsense() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
