package io.suite.accounts.job;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.accounts.support.Users;
import io.suite.testing.InjectWireMock;
import jakarta.inject.Inject;

/** Connect, refresh and failing refreshes whose upstream error echoes a token: no log line carries a token or secret. */
@QuarkusTest
class NoSecretsInLogsTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    TokenRefreshJob job;

    @Test
    void noTokenOrClientSecretReachesALogLine() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
                lines.add(r.getLoggerName() + " " + message + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
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
        } finally {
            root.removeHandler(capture);
        }
    }
}
