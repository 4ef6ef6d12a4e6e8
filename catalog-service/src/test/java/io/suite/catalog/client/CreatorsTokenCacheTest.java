package io.suite.catalog.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

/** Token caching: until 30 s before expiry, one fetch for concurrent callers, dropped after a refusal. */
class CreatorsTokenCacheTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

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
            return now;
        }
    }

    final MutableClock clock = new MutableClock();
    final AtomicInteger fetched = new AtomicInteger();

    CreatorsTokenCache cache(Long expiresIn) {
        return new CreatorsTokenCache(clock, Duration.ofSeconds(30),
                () -> Uni.createFrom().item(() -> new TokenReply("token-" + fetched.incrementAndGet(), expiresIn, "Bearer")));
    }

    String await(Uni<String> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void theTokenIsReusedUntilThirtySecondsBeforeItExpires() {
        CreatorsTokenCache cache = cache(3600L);
        assertThat(await(cache.token())).isEqualTo("token-1");
        clock.now = clock.now.plusSeconds(3569);
        assertThat(await(cache.token())).isEqualTo("token-1");
        clock.now = clock.now.plusSeconds(1); // 3570 s: 30 s before expiry
        assertThat(await(cache.token())).isEqualTo("token-2");
        assertThat(cache.fetches()).isEqualTo(2);
    }

    @Test
    void anAbsentExpiresInMeansAnHour() {
        CreatorsTokenCache cache = cache(null);
        assertThat(await(cache.token())).isEqualTo("token-1");
        clock.now = clock.now.plusSeconds(3500);
        assertThat(await(cache.token())).isEqualTo("token-1");
        clock.now = clock.now.plusSeconds(100);
        assertThat(await(cache.token())).isEqualTo("token-2");
    }

    @Test
    void invalidateDropsOnlyTheRefusedToken() {
        CreatorsTokenCache cache = cache(3600L);
        String first = await(cache.token());
        cache.invalidate("some-older-token");
        assertThat(await(cache.token())).isEqualTo(first);
        cache.invalidate(first);
        assertThat(await(cache.token())).isEqualTo("token-2");
    }

    @Test
    void concurrentCallersOfAnEmptyCacheShareOneFetch() {
        UnicastProcessor<TokenReply> reply = UnicastProcessor.create();
        AtomicInteger calls = new AtomicInteger();
        CreatorsTokenCache cache = new CreatorsTokenCache(clock, Duration.ofSeconds(30), () -> {
            calls.incrementAndGet();
            return reply.toUni();
        });
        List<Uni<String>> waiting = List.of(cache.token(), cache.token(), cache.token());
        var results = waiting.stream().map(u -> u.subscribeAsCompletionStage()).toList();
        reply.onNext(new TokenReply("shared", 3600L, "Bearer"));
        reply.onComplete();
        assertThat(results).allSatisfy(f -> assertThat(f.join()).isEqualTo("shared"));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(cache.token().await().atMost(Duration.ofSeconds(1))).isEqualTo("shared");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aFailedFetchIsNotCached() {
        AtomicInteger calls = new AtomicInteger();
        CreatorsTokenCache cache = new CreatorsTokenCache(clock, Duration.ofSeconds(30), () -> calls.incrementAndGet() == 1
                ? Uni.createFrom().failure(new IllegalStateException("token endpoint down"))
                : Uni.createFrom().item(new TokenReply("second", 3600L, "Bearer")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> await(cache.token())).hasMessageContaining("token endpoint down");
        assertThat(await(cache.token())).isEqualTo("second");
    }

    @Test
    void theTokenNeverAppearsInToString() {
        assertThat(new TokenReply("secret-token-value", 3600L, "Bearer").toString()).doesNotContain("secret-token-value");
    }
}
