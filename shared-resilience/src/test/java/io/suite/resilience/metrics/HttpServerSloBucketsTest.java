package io.suite.resilience.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every service's request timer carries the SLO buckets the latency alerts read. */
@QuarkusTest
class HttpServerSloBucketsTest {

    @Inject
    MeterRegistry meters;

    @Test
    void requestTimersCarryTheSloBucketsAndCountAFastRequestInEachOfThem() {
        given().queryParam("limit", 5).when().get("/test/validate").then().statusCode(200);

        Timer timer = meters.find("http.server.requests").tag("uri", "/test/validate").tag("status", "200").timer();
        assertThat(timer).as("request timer of /test/validate").isNotNull();
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        assertThat(Arrays.stream(buckets).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)))
                .containsExactly(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
        // the buckets count requests: ours, a local request with no I/O, is under the largest boundary. Not "all of
        // them": on a loaded CI machine an earlier, cold request to this path once took longer than 10 s
        assertThat(buckets[buckets.length - 1].count()).isPositive().isLessThanOrEqualTo(snapshot.count());
    }

    @Test
    void otherTimersGetNoBuckets() {
        meters.timer("suite.test.other").record(Duration.ofMillis(3));
        assertThat(meters.find("suite.test.other").timer().takeSnapshot().histogramCounts()).isEmpty();
    }
}
