package io.suite.resilience.correlation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.resilience.testapp.TestResource;
import io.suite.testing.InjectWireMock;

/** A correlation id goes from the request to the log line, the outbound call and the response. */
@QuarkusTest
class CorrelationIdTest {

    @InjectWireMock
    WireMockServer wireMock;

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyAll(); // freeze the MDC of the logging thread, as an async JSON handler does
            records.add(ext);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        wireMock.resetAll();
        Logger.getLogger(TestResource.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(TestResource.class.getName()).removeHandler(capture);
    }

    @Test
    void flowsFromRequestToLogLineToOutboundCallToResponse() {
        wireMock.stubFor(get("/things/c1").willReturn(aResponse().withStatus(200).withBody("ok")));

        given().header(CorrelationId.HEADER, "order-7f3a").when().get("/test/things/retrying/c1")
                .then().statusCode(200).header(CorrelationId.HEADER, "order-7f3a");

        wireMock.verify(getRequestedFor(urlEqualTo("/things/c1")).withHeader(CorrelationId.HEADER, matching("order-7f3a")));
        assertThat(records).anySatisfy(r -> {
            assertThat(r.getFormattedMessage()).contains("fetching thing c1");
            assertThat(r.getMdcCopy()).as("MDC of the log record").containsEntry(CorrelationId.MDC_KEY, "order-7f3a");
        });
    }

    @Test
    void isGeneratedWhenAbsentOrUnsafe() {
        wireMock.stubFor(get("/things/c2").willReturn(aResponse().withStatus(200).withBody("ok")));

        String generated = given().when().get("/test/things/retrying/c2")
                .then().statusCode(200).extract().header(CorrelationId.HEADER);
        assertThat(generated).matches("[0-9a-f-]{36}");
        wireMock.verify(getRequestedFor(urlEqualTo("/things/c2")).withHeader(CorrelationId.HEADER, matching(generated)));

        String replaced = given().header(CorrelationId.HEADER, "bad\nid {json}").when().get("/test/validate")
                .then().statusCode(200).extract().header(CorrelationId.HEADER);
        assertThat(replaced).matches("[0-9a-f-]{36}");
    }

    @Test
    void requestsDoNotShareIds() {
        String a = given().when().get("/test/validate").then().extract().header(CorrelationId.HEADER);
        String b = given().when().get("/test/validate").then().extract().header(CorrelationId.HEADER);
        assertThat(a).isNotEqualTo(b);
    }
}
