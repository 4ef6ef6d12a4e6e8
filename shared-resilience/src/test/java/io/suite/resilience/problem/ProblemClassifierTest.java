package io.suite.resilience.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.suite.resilience.upstream.UpstreamRateLimitedException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;

/** One classification for problem+json and HTML views: status, slug and Retry-After per failure type. */
class ProblemClassifierTest {

    private final ProblemClassifier classifier = new ProblemClassifier(Duration.ofSeconds(5));

    @Test
    void aRateLimitedUpstreamIsA503WithItsRetryAfter() {
        var c = classifier.classify(new UpstreamRateLimitedException("ads", 429, null, "slow down", Duration.ofMillis(2100)));
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.slug()).isEqualTo("upstream-rate-limited");
        assertThat(c.detail()).isEqualTo("Upstream ads is rate limited; try again later");
        assertThat(c.retryAfter()).contains(Duration.ofMillis(2100));
        assertThat(c.unexpected()).isFalse();
    }

    @Test
    void anOpenBreakerSaysCallsArePaused() {
        var c = classifier.classify(UpstreamUnavailableException.breakerOpen("polygon", Duration.ofSeconds(30), null));
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.slug()).isEqualTo("upstream-unavailable");
        assertThat(c.detail()).contains("circuit breaker is open");
        assertThat(c.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aRejectedRequestIsA502NamingTheUpstreamCodeWithoutRetryAfter() {
        var c = classifier.classify(new UpstreamRejectedException("ads", 400, "INVALID_ARGUMENT", "bad"));
        assertThat(c.status()).isEqualTo(502);
        assertThat(c.slug()).isEqualTo("upstream-rejected");
        assertThat(c.detail()).isEqualTo("Upstream ads rejected the request (400 INVALID_ARGUMENT): bad");
        assertThat(c.retryAfter()).isEmpty();
    }

    @Test
    void aRefusedKeyIsA502InTheUpstreamsOwnWordsWithoutTheKey() {
        var polygon = classifier.classify(new UpstreamRejectedException("polygon", 401, "ERROR", "Unknown API Key"));
        assertThat(polygon.detail()).isEqualTo("Upstream polygon rejected the request (401): Unknown API Key");
        var ads = classifier.classify(new UpstreamRejectedException("ads", 403, "UNAUTHORIZED",
                "Not authorized to access this advertiser; token Atza|abc123 for client_secret=s3cr3t"));
        assertThat(ads.detail())
                .startsWith("Upstream ads rejected the request (403 UNAUTHORIZED): Not authorized to access this advertiser")
                .doesNotContain("Atza|abc123").doesNotContain("s3cr3t");
        var longWinded = classifier.classify(new UpstreamRejectedException("creators", 403, null, "x".repeat(400)));
        assertThat(longWinded.detail()).hasSizeLessThan(260).endsWith("…");
    }

    @Test
    void aProblemKeepsItsOwnStatusSlugFieldsAndRetryAfter() {
        var c = classifier.classify(ProblemException.invalidField("next_token", "is not a cursor this service issued"));
        assertThat(c.status()).isEqualTo(400);
        assertThat(c.slug()).isEqualTo("invalid-input");
        assertThat(c.rejectedField("next_token")).isTrue();
        assertThat(c.rejectedField("limit")).isFalse();

        var busy = classifier.classify(ProblemException.tooManyRequests("one sync at a time", Duration.ofSeconds(7)));
        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(7)));
    }

    @Test
    void anUnreachableDatabaseIsA503WithTheConfiguredRetryAfter() {
        var c = classifier.classify(new IllegalStateException("query failed", new ConnectException("Connection refused")));
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.slug()).isEqualTo(ProblemClassifier.DATABASE_UNAVAILABLE);
        assertThat(c.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(c.unexpected()).isFalse();
    }

    @Test
    void anythingElseIsAnUnexpectedInternalErrorThatHidesItsMessage() {
        var c = classifier.classify(new IllegalStateException("password=hunter2 in a message"));
        assertThat(c.status()).isEqualTo(500);
        assertThat(c.unexpected()).isTrue();
        assertThat(c.detail()).doesNotContain("hunter2");
    }
}
