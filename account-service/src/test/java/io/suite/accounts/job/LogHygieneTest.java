package io.suite.accounts.job;

import static io.suite.testing.RecordedSpans.named;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.suite.accounts.support.Users;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.tracing.Traces;
import io.suite.testing.RecordedSpans;
import io.suite.testing.InjectWireMock;
import jakarta.inject.Inject;

/**
 * What the logs say: no log line carries a token or secret (connect, refresh, failing refreshes whose upstream error
 * echoes a token), and expected user events (a grant revoked during a sync) are one line at WARN or below with the
 * correlation id, never Mutiny's "had to drop the following exception" ERRORs.
 */
@QuarkusTest
class LogHygieneTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    TokenRefreshJob job;

    /** Every log record of the service while it is installed: logger, level, formatted message and the exception. */
    static final class Capture extends Handler implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        Capture() {
            Logger.getLogger("").addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            String message = r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            if (r instanceof ExtLogRecord e) {
                e.copyAll(); // the MDC (correlation id) as it is on the logging thread now, not when the test reads it
            }
            records.add(r);
            lines.add(r.getLoggerName() + " " + message + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }

    @Test
    void noTokenOrClientSecretReachesALogLine() {
        try (Capture capture = new Capture()) {
            List<String> lines = capture.lines;
            UUID user = UUID.randomUUID();
            Users.connect(wireMock, user, 120);
            // LWA's error echoes the refresh token it was sent: it must be redacted wherever it is logged
            wireMock.stubFor(post("/lwa/auth/o2/token").withFormParam("refresh_token", equalTo(Users.refreshToken(user)))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":\"invalid_request\",\"error_description\":\"bad refresh_token "
                                    + Users.refreshToken(user) + " for client_secret=test-lwa-client-secret\"}")));
            job.runOnce().await().atMost(Duration.ofSeconds(30));
            given().header("Authorization", Users.bearer(user)).get("/api/v1/accounts/amazon-profiles").then()
                    .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(502), org.hamcrest.Matchers.is(503)));
            assertThat(lines).as("the flows above did log").anyMatch(l -> l.contains("token refresh"));
            assertThat(lines).noneMatch(l -> l.contains("Atz")).noneMatch(l -> l.contains("test-lwa-client-secret"));
        }
    }

    @Test
    void aGrantRevokedDuringAFullSyncIsOneWarningWithTheCorrelationIdAndNoDroppedExceptions() {
        UUID user = UUID.randomUUID();
        Users.connect(wireMock, user, 3600);
        var auth = WireMock.equalTo("Bearer " + Users.accessToken(user));
        // Amazon revoked the grant: the four calls of the run are refused together, and their one refresh is invalid_grant
        wireMock.stubFor(post("/ads/na/adsAccounts/list").withHeader("Authorization", auth)
                .willReturn(aResponse().withStatus(401).withFixedDelay(100).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"UNAUTHORIZED\",\"details\":\"Not authorized\"}")));
        for (String region : List.of("na", "eu", "fe")) {
            wireMock.stubFor(get("/ads/" + region + "/v2/profiles").withHeader("Authorization", auth)
                    .willReturn(aResponse().withStatus(401).withFixedDelay(100).withHeader("Content-Type", "application/json")
                            .withBody("{\"code\":\"UNAUTHORIZED\",\"details\":\"Not authorized\"}")));
        }
        wireMock.stubFor(post("/lwa/auth/o2/token").withFormParam("refresh_token", equalTo(Users.refreshToken(user)))
                .willReturn(aResponse().withStatus(400).withFixedDelay(300).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter\"}")));
        try (Capture capture = new Capture()) {
            String run = given().header("Authorization", Users.bearer(user)).header(CorrelationId.HEADER, "revoked-during-sync")
                    .contentType(ContentType.JSON).body("{}").post("/api/v1/accounts/sync").then().statusCode(202).extract()
                    .path("run_id");
            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(given().header("Authorization", Users.bearer(user))
                    .get("/api/v1/accounts/sync/" + run).then().extract().path("status")));
            // every refused call has been answered, and nothing was dropped meanwhile
            await().atMost(Duration.ofSeconds(10)).until(() -> wireMock.findAll(getRequestedFor(urlMatching("/ads/../v2/profiles"))
                    .withHeader("Authorization", auth)).size() >= 3);
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                    .until(() -> capture.lines.stream().noneMatch(l -> l.contains("had to drop")));
            List<LogRecord> errors = capture.records.stream().filter(r -> r.getLevel().intValue() > Level.WARNING.intValue()).toList();
            assertThat(errors).as("ERROR records: %s", capture.lines).isEmpty();
            List<LogRecord> said = capture.records.stream()
                    .filter(r -> r instanceof ExtLogRecord e && e.getFormattedMessage().contains("sync run=" + run + " user=" + user
                            + " failed"))
                    .toList();
            assertThat(said).as("the failed run is said once: %s", capture.lines).hasSize(1);
            assertThat(((ExtLogRecord) said.get(0)).getMdc(CorrelationId.MDC_KEY)).isEqualTo("revoked-during-sync");
            assertThat(((ExtLogRecord) said.get(0)).getFormattedMessage()).contains("reauthorization");
            // and it carries the run's trace: its own (the run is a trace of its own), linked to the request's
            String traceId = ((ExtLogRecord) said.get(0)).getMdc("traceId");
            assertThat(traceId).as("mdc.traceId of the failed run's line").isNotBlank();
            List<SpanData> trace = RecordedSpans.traceOf(s -> s.getTraceId().equals(traceId), named("accounts sync run"));
            SpanData root = trace.stream().filter(named("accounts sync run")).findFirst().orElseThrow();
            assertThat(root.getParentSpanContext().isValid()).isFalse();
            assertThat(root.getAttributes().get(Traces.CORRELATION_ID)).isEqualTo("revoked-during-sync");
            assertThat(root.getLinks()).as("the request that started it").hasSize(1);
            assertThat(trace).as("the run's refused Ads calls").anySatisfy(s -> assertThat(s.getName()).isEqualTo("upstream ads"));
        }
    }
}
