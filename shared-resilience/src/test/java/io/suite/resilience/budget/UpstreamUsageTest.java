package io.suite.resilience.budget;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.suite.testing.InjectWireMock;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** The usage aggregate's last 429: its exact time and Retry-After, the latest kept in memory and in the upsert. */
@QuarkusTest
class UpstreamUsageTest {

    static final Instant T1 = Instant.parse("2026-12-06T01:02:03.123456Z");
    static final Duration WAIT = Duration.ofSeconds(10);

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    UpstreamUsage usage;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void reset() {
        wireMock.resetAll();
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {

        final AtomicReference<Instant> now = new AtomicReference<>(T1);

        void set(Instant at) {
            now.set(at);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void twoThrottledCallsKeepTheLaterOnesTimeAndRetryAfter() {
        MovableClock clock = new MovableClock();
        QuarkusMock.installMockForType(clock, Clock.class);
        String subject = "usage-" + UUID.randomUUID();
        wireMock.stubFor(get("/things/usage-a").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        wireMock.stubFor(get("/things/usage-b").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));

        given().queryParam("subject", subject).when().get("/test/things/counting/usage-a").then().statusCode(503);
        Instant t2 = T1.plusSeconds(95).plusNanos(500_000);
        clock.set(t2);
        given().queryParam("subject", subject).when().get("/test/things/counting/usage-b").then().statusCode(503);
        usage.flush().await().atMost(WAIT);

        // a scheduled flush may have written the first 429 in an earlier minute's row: read the subject's rows together
        Row last = one(pool.preparedQuery("""
                select sum(throttled) over () as throttled, sum(calls) over () as calls, last_limit_hit, last_retry_after_seconds
                  from resilience_upstream_usage
                 where upstream = 'counting' and endpoint = 'GET /things/{id}' and subject = $1
                 order by last_limit_hit desc nulls last limit 1""").execute(Tuple.of(subject)).await().atMost(WAIT));
        assertThat(last.getLong("throttled")).isEqualTo(2);
        assertThat(last.getLong("calls")).isEqualTo(2);
        assertThat(last.getOffsetDateTime("last_limit_hit").toInstant()).as("the second 429, to the microsecond").isEqualTo(t2);
        assertThat(last.getInteger("last_retry_after_seconds")).as("its Retry-After, not the first's 7").isEqualTo(3);
    }

    @Test
    void theUpsertKeepsTheLatestLimitHitWhicheverReplicaFlushesLast() {
        for (int attempt = 1;; attempt++) {
            String subject = "usage-" + UUID.randomUUID();
            OffsetDateTime minute = databaseMinute();
            MovableClock clock = new MovableClock();
            UpstreamUsage replicaA = new UpstreamUsage(pool, meters, clock);
            UpstreamUsage replicaB = new UpstreamUsage(pool, meters, clock);

            // A: a 429 at T1 asking for 7 s, and one 2 s earlier asking for 30 s (the later one wins in memory)
            replicaA.recordLimitHit("counting", "GET /x", subject, Duration.ofSeconds(7));
            clock.set(T1.minusSeconds(2));
            replicaA.recordLimitHit("counting", "GET /x", subject, Duration.ofSeconds(30));
            replicaA.flush().await().atMost(WAIT);
            Object[] afterA = lastHit(subject);

            // B flushes later a 429 it saw before A's (an older one loses: time and Retry-After stay A's)
            clock.set(T1.minusSeconds(10));
            replicaB.recordLimitHit("counting", "GET /x", subject, Duration.ofMillis(90_001));
            replicaB.flush().await().atMost(WAIT);
            Object[] afterOlder = lastHit(subject);

            // B's next 429 is the latest; it carried no Retry-After, so the row says none (not A's 7)
            Instant t3 = T1.plusSeconds(20);
            clock.set(t3);
            replicaB.recordLimitHit("counting", "GET /x", subject, null);
            replicaB.flush().await().atMost(WAIT);
            Object[] afterNone = lastHit(subject);

            // B: a Retry-After with a fraction (an HTTP-date) is rounded up to whole seconds
            Instant t4 = T1.plusSeconds(21);
            clock.set(t4);
            replicaB.recordLimitHit("counting", "GET /x", subject, Duration.ofMillis(4_200));
            replicaB.flush().await().atMost(WAIT);
            Object[] afterFraction = lastHit(subject);

            if (!minute.equals(databaseMinute()) && attempt < 3) {
                continue; // the flushes straddled a minute of the database clock: two rows, try again
            }
            assertThat(afterA).containsExactly(T1, 7, 2L);
            assertThat(afterOlder).containsExactly(T1, 7, 3L);
            assertThat(afterNone).containsExactly(t3, null, 4L);
            assertThat(afterFraction).containsExactly(t4, 5, 5L);
            return;
        }
    }

    @Test
    void callsThatWereNotThrottledLeaveTheLimitHitEmpty() {
        String subject = "usage-" + UUID.randomUUID();
        UpstreamUsage replica = new UpstreamUsage(pool, meters, new MovableClock());
        replica.record("counting", "GET /y", subject, UpstreamUsage.Outcome.CALL);
        replica.record("counting", "GET /y", subject, UpstreamUsage.Outcome.FAILED);
        replica.flush().await().atMost(WAIT);
        Row row = one(pool.preparedQuery("select calls, last_limit_hit, last_retry_after_seconds from resilience_upstream_usage"
                + " where subject = $1").execute(Tuple.of(subject)).await().atMost(WAIT));
        assertThat(row.getLong("calls")).isEqualTo(2);
        assertThat(row.getValue("last_limit_hit")).isNull();
        assertThat(row.getValue("last_retry_after_seconds")).isNull();
    }

    /** The last limit hit of the subject's row on GET /x: time, Retry-After, 429s counted. */
    private Object[] lastHit(String subject) {
        Row row = one(pool.preparedQuery("""
                select last_limit_hit, last_retry_after_seconds, throttled from resilience_upstream_usage
                 where upstream = 'counting' and endpoint = 'GET /x' and subject = $1
                 order by window_start desc limit 1""").execute(Tuple.of(subject)).await().atMost(WAIT));
        return new Object[] { row.getOffsetDateTime("last_limit_hit").toInstant(), row.getInteger("last_retry_after_seconds"),
                row.getLong("throttled") };
    }

    private OffsetDateTime databaseMinute() {
        return one(pool.query("select date_trunc('minute', now()) as m").execute().await().atMost(WAIT)).getOffsetDateTime("m");
    }

    private static Row one(RowSet<Row> rows) {
        assertThat(rows.size()).isEqualTo(1);
        return rows.iterator().next();
    }
}
