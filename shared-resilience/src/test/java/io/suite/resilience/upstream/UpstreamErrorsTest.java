package io.suite.resilience.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.suite.resilience.json.SuiteJson;

class UpstreamErrorsTest {

    private static final UpstreamErrors ERRORS = new UpstreamErrors(SuiteJson.newMapper());

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void a429CarriesRetryAfter() {
        UpstreamException e = ERRORS.fromResponse("ads", 429,
                "{\"errors\":[{\"code\":\"429\",\"message\":\"Too Many Requests\"}]}", "3", clock);
        assertThat(e).isInstanceOf(UpstreamRateLimitedException.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.isTransient()).isTrue();
        assertThat(e.upstreamMessage()).contains("Too Many Requests");
    }

    @Test
    void aCodeThatRepeatsTheStatusIsSaidOnce() {
        UpstreamException e = ERRORS.fromResponse("ads", 401,
                "{\"code\":\"401\",\"details\":\"Not authorized to access this advertiser\"}", null, clock);
        assertThat(e.code()).contains("401");
        assertThat(e.getMessage()).isEqualTo("ads answered 401: Not authorized to access this advertiser");
    }

    @Test
    void aCodeOfItsOwnStaysInTheMessage() {
        UpstreamException e = ERRORS.fromResponse("lwa", 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter\"}", null, clock);
        assertThat(e.getMessage()).isEqualTo("lwa answered 400 invalid_grant: The request has an invalid grant parameter");
    }

    @Test
    void lwaInvalidGrantIsPermanentAndKeepsItsCode() {
        UpstreamException e = ERRORS.fromResponse("lwa", 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter : refresh_token\"}",
                null, clock);
        assertThat(e).isExactlyInstanceOf(UpstreamRejectedException.class);
        assertThat(e.code()).contains("invalid_grant");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void a401IsUnauthorized() {
        UpstreamException e = ERRORS.fromResponse("creators", 401,
                "{\"message\":\"The access token has expired\",\"reason\":\"TokenExpired\"}", null, clock);
        assertThat(e).isInstanceOf(UpstreamUnauthorizedException.class);
        assertThat(e.code()).contains("TokenExpired");
    }

    @Test
    void serverErrorsAndPolygon499AreTransient() {
        assertThat(ERRORS.fromResponse("polygon", 502, "<html>bad gateway</html>", null, clock))
                .isInstanceOf(UpstreamUnavailableException.class);
        assertThat(ERRORS.fromResponse("polygon", 499, null, null, clock))
                .isInstanceOf(UpstreamUnavailableException.class);
        UpstreamException maintenance = ERRORS.fromResponse("ads", 503, "", "Wed, 22 Nov 2026 10:00:05 GMT", clock);
        assertThat(maintenance.retryAfter()).isEmpty(); // wrong weekday: not a valid HTTP-date, so no hint
    }

    @Test
    void paapiErrorShape() {
        UpstreamException e = ERRORS.fromResponse("paapi", 429,
                "{\"__type\":\"com.amazon.paapi5#TooManyRequestsException\",\"Errors\":[{\"Code\":\"TooManyRequests\","
                        + "\"Message\":\"The request was denied due to request throttling.\"}]}",
                null, clock);
        assertThat(e.code()).contains("TooManyRequests");
    }

    @Test
    void polygonErrorShapePutsTheErrorTextInTheMessage() {
        UpstreamException e = ERRORS.fromResponse("polygon", 401,
                "{\"status\":\"ERROR\",\"request_id\":\"abc\",\"error\":\"Unknown API Key\"}", null, clock);
        assertThat(e.code()).contains("ERROR");
        assertThat(e.upstreamMessage()).contains("Unknown API Key");
        assertThat(e.getMessage()).isEqualTo("polygon answered 401: Unknown API Key");
    }

    @Test
    void tokensAndKeysNeverSurviveInMessages() {
        UpstreamException e = ERRORS.fromResponse("lwa", 400,
                "{\"error\":\"invalid_request\",\"error_description\":\"bad refresh_token=Atzr|IwEBIsecretsecret and "
                        + "Authorization: Bearer Atza|abc123 apiKey=pk_live_123 client_secret=shh\"}",
                null, clock);
        assertThat(e.getMessage()).doesNotContain("IwEBIsecret", "abc123", "pk_live_123", "shh")
                .contains("***");
    }

    @Test
    void redactionMasksSigV4Pieces() {
        String header = "AWS4-HMAC-SHA256 Credential=SANDBOXKEY/20261122/us-east-1/ProductAdvertisingAPI/aws4_request, "
                + "SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
        assertThat(Redaction.redact(header)).doesNotContain("SANDBOXKEY", "5d672d79").contains("SignedHeaders=host");
    }

    @Test
    void transportFailuresAreUnavailableAndBugsStayBugs() {
        Throwable refused = ERRORS.classify("ads", new RuntimeException(new ConnectException("refused")), clock);
        assertThat(refused).isInstanceOf(UpstreamUnavailableException.class);
        assertThat(((UpstreamException) refused).code()).contains("ConnectionError");
        assertThat(ERRORS.classify("ads", new TimeoutException(), clock))
                .isInstanceOf(UpstreamUnavailableException.class);
        NullPointerException bug = new NullPointerException();
        assertThat(ERRORS.classify("ads", bug, clock)).isSameAs(bug);
    }

    @Test
    void nonJsonBodiesDoNotBreakMapping() {
        UpstreamException e = ERRORS.fromResponse("x", 404, "Not Found", null, clock);
        assertThat(e).isExactlyInstanceOf(UpstreamRejectedException.class);
        assertThat(e.upstreamMessage()).contains("Not Found");
        assertThat(e.status()).isEqualTo(404);
    }
}
