package io.suite.marketdata.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.domain.Bar;
import jakarta.inject.Inject;

/** The market-data tables on the real schema: the shared cache across replicas and the once-per-session daily bars load. */
@QuarkusTest
class CacheRepositoryTest {

    @Inject
    CacheRepository cache;
    @Inject
    DailyBarRepository dailyBars;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void anOlderFetchNeverOverwritesANewerOne() {
        String key = "quote:TEST" + UUID.randomUUID();
        assertThat(join(cache.upsert(row(key, "{\"price\":2}", now, now.plusSeconds(30))))).isTrue();
        assertThat(join(cache.upsert(row(key, "{\"price\":1}", now.minusSeconds(5), now.plusSeconds(30)))))
                .as("a replica that fetched earlier loses").isFalse();
        assertThat(join(cache.find(key, now)).payload()).isEqualTo("{\"price\": 2}");
        assertThat(join(cache.upsert(row(key, "{\"price\":3}", now.plusSeconds(1), now.plusSeconds(30))))).isTrue();
        assertThat(join(cache.find(key, now)).payload()).isEqualTo("{\"price\": 3}");
    }

    @Test
    void anEntryPastItsRetentionIsNotFoundAndIsDeleted() {
        String kept = "quote:KEPT" + UUID.randomUUID();
        String expired = "quote:GONE" + UUID.randomUUID();
        join(cache.upsert(row(kept, "{}", now, now.plusSeconds(60))));
        join(cache.upsert(row(expired, "{}", now.minusSeconds(120), now.minusSeconds(1))));

        assertThat(join(cache.find(expired, now))).isNull();
        Map<String, CacheRow> found = join(cache.findAll(List.of(kept, expired), now));
        assertThat(found).containsOnlyKeys(kept);
        assertThat(join(cache.deleteExpired(now))).isGreaterThanOrEqualTo(1);
        assertThat(join(cache.find(expired, now.minusSeconds(60)))).as("deleted, not only hidden").isNull();
        assertThat(join(cache.find(kept, now))).isNotNull();
    }

    @Test
    void keysAreListedPerTicker() {
        String ticker = "T" + ThreadLocalRandom.current().nextInt(1_000_000);
        join(cache.upsert(new CacheRow("quote:" + ticker, "quote", ticker, "{}", now, now.plusSeconds(5), now.plusSeconds(60))));
        join(cache.upsert(new CacheRow("bars:" + ticker + ":1:day", "bars", ticker, "{}", now, now.plusSeconds(5), now.plusSeconds(60))));
        assertThat(join(cache.keysOf(ticker))).containsExactly("bars:" + ticker + ":1:day", "quote:" + ticker);
    }

    @Test
    void oneReplicaClaimsASessionAndALapsedClaimCanBeTakenOver() {
        LocalDate session = farPastSession();
        Instant until = now.plusSeconds(60);
        assertThat(join(dailyBars.claim(session, "replica-a", now, until))).isTrue();
        assertThat(join(dailyBars.claim(session, "replica-b", now, until))).as("claimed by a").isFalse();
        assertThat(join(dailyBars.loadState(session, now)).claimed()).isTrue();
        assertThat(join(dailyBars.claim(session, "replica-b", until.plusSeconds(1), until.plusSeconds(60))))
                .as("a's claim lapsed").isTrue();
        join(dailyBars.release(session, "replica-a"));
        assertThat(join(dailyBars.loadState(session, until.plusSeconds(2))).claimed()).as("only the holder releases").isTrue();
    }

    @Test
    void aStoredSessionIsLoadedWithExactPricesAndCannotBeClaimedAgain() {
        LocalDate session = farPastSession();
        Bar bar = new Bar(session.atStartOfDay(ZoneOffset.UTC).toInstant(), new BigDecimal("162.25"),
                new BigDecimal("162.34"), new BigDecimal("156.72"), new BigDecimal("156.80"), new BigDecimal("95595226"),
                new BigDecimal("158.6074"), 899965L);
        assertThat(join(dailyBars.store(session, Map.of("AAPL", bar), now))).isEqualTo(1);

        Bar stored = join(dailyBars.find(session, "AAPL"));
        assertThat(stored.close()).isEqualByComparingTo("156.80");
        assertThat(stored.vwap()).isEqualByComparingTo("158.6074");
        assertThat(stored.transactions()).isEqualTo(899965L);
        assertThat(join(dailyBars.loadState(session, now))).isEqualTo(new DailyBarRepository.LoadState(true, 1, false));
        assertThat(join(dailyBars.claim(session, "late", now, now.plusSeconds(60)))).as("already loaded").isFalse();
        assertThat(join(dailyBars.find(session, "MSFT"))).isNull();
    }

    /** A session in the 1970s no other test uses, so claims and loads start clean on a reused database. */
    private static LocalDate farPastSession() {
        return LocalDate.of(1970, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));
    }

    private static CacheRow row(String key, String payload, Instant fetchedAt, Instant keepUntil) {
        return new CacheRow(key, "quote", key.substring(key.indexOf(':') + 1), payload, fetchedAt, fetchedAt.plusSeconds(5), keepUntil);
    }

    private static <T> T join(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
