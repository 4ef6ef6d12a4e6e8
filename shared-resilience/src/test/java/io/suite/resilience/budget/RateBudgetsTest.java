package io.suite.resilience.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.data.Offset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.suite.resilience.config.ResilienceConfig;
import io.suite.resilience.upstream.BudgetWaitExceededException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;

/** The Postgres token bucket under contention from two datasources, as two replicas would share it. */
@QuarkusTest
class RateBudgetsTest {

    @Inject
    RateBudgets budgets;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    ResilienceConfig config;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    Pool secondPool;
    RateBudgets secondReplica;

    @BeforeEach
    void secondDatasource() {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password)
                .addProperty("search_path", "resilience");
        secondPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
        secondReplica = new RateBudgets(secondPool, config, meters);
    }

    @AfterEach
    void close() {
        secondPool.closeAndAwait();
    }

    @Test
    void twoReplicasHammeringOneBudgetNeverExceedItInAnyWindow() {
        String name = "hammered";
        await(budgets.define(name, List.of(Limit.parse("5/1s"))));
        Instant end = Instant.now().plusSeconds(3);

        List<Uni<List<Permit>>> hammers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            hammers.add(hammer(budgets, name, end));
            hammers.add(hammer(secondReplica, name, end));
        }
        List<Permit> all = new ArrayList<>();
        Uni.join().all(hammers).andFailFast().await().atMost(Duration.ofSeconds(30)).forEach(all::addAll);

        List<Instant> grants = all.stream().filter(Permit::granted).map(Permit::decidedAt).sorted().toList();
        long denials = all.stream().filter(p -> !p.granted()).count();
        assertThat(denials).as("the hammering really contended").isGreaterThan(50);
        // token bucket bound on the database clock: any run of grants i..j fits in capacity + rate × elapsed
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i; j < grants.size(); j++) {
                double elapsed = Duration.between(grants.get(i), grants.get(j)).toNanos() / 1e9;
                assertThat(j - i + 1).as("grants %d..%d within %.3f s", i, j, elapsed)
                        .isLessThanOrEqualTo((int) Math.floor(5 + 5 * elapsed + 1e-6));
            }
        }
        // ... and it is not trivially denying: roughly 5 + 5/s over 3 s were granted
        assertThat(grants.size()).isBetween(15, 21);
    }

    private static Uni<List<Permit>> hammer(RateBudgets budgets, String name, Instant end) {
        return Multi.createBy().repeating().uni(() -> budgets.tryTake(name))
                .whilst(p -> Instant.now().isBefore(end))
                .collect().asList();
    }

    @Test
    void everyLimitOfABudgetMustAllow() {
        // test-two-limits is 3/1s and 4/1h: the hourly limit stops the fifth call long before the per-second one would
        for (int i = 0; i < 4; i++) {
            await(budgets.acquire("test", "test-two-limits", Duration.ofSeconds(5)));
        }
        Permit fifth = await(budgets.tryTake("test-two-limits"));
        assertThat(fifth.granted()).isFalse();
        assertThat(fifth.retryIn()).isGreaterThan(Duration.ofMinutes(10));
        assertThatThrownBy(() -> await(budgets.acquire("test", "test-two-limits", Duration.ofSeconds(1))))
                .isInstanceOf(BudgetWaitExceededException.class)
                .hasMessageContaining("test-two-limits");
    }

    @Test
    void severalPermitsAreTakenTogetherOrNotAtAll() {
        String name = "pairs";
        await(budgets.define(name, List.of(Limit.parse("3/1h"))));
        assertThat(await(budgets.tryTake(name, 2)).granted()).isTrue();
        Permit secondPair = await(budgets.tryTake(name, 2));
        assertThat(secondPair.granted()).as("one permit left: a pair is refused whole").isFalse();
        assertThat(secondPair.retryIn()).isGreaterThan(Duration.ofMinutes(10));
        assertThat(await(budgets.tryTake(name, 1)).granted()).as("the single permit was not spent by the refusal").isTrue();
        assertThatThrownBy(() -> await(budgets.tryTake(name, 4))).hasMessageContaining("can never grant 4 permits");
    }

    @Test
    void aCooldownHoldsOffEveryReplica() {
        String name = "cooled";
        await(budgets.define(name, List.of(Limit.parse("100/1s"))));
        await(budgets.coolDown(name, Duration.ofSeconds(30)));

        Permit mine = await(budgets.tryTake(name));
        Permit theirs = await(secondReplica.tryTake(name));
        assertThat(mine.granted()).isFalse();
        assertThat(theirs.granted()).isFalse();
        assertThat(theirs.retryIn()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    }

    @Test
    void acquireWaitsForTheNextPermitWithoutFailing() {
        String name = "paced";
        await(budgets.define(name, List.of(Limit.parse("1/200ms"))));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waits.add(await(budgets.acquire("test", name, Duration.ofSeconds(2))));
        }
        assertThat(waits.get(0)).isLessThan(Duration.ofMillis(150));
        assertThat(waits.subList(1, 3)).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(100)));
    }

    @Test
    void redefiningALimitStartsEmptyAndSnapshotsReportIt() {
        String name = "redefined";
        await(budgets.define(name, List.of(Limit.parse("10/1s"))));
        RateBudgets.BudgetSnapshot full = await(budgets.snapshot(name));
        assertThat(full.available().get(0)).isEqualTo(10.0);

        await(budgets.define(name, List.of(Limit.parse("1/1h"))));
        RateBudgets.BudgetSnapshot redefined = await(budgets.snapshot(name));
        assertThat(redefined.capacities()).containsExactly(1.0);
        assertThat(redefined.available().get(0)).isLessThan(0.01);
        assertThat(await(budgets.snapshot("no-such-budget"))).isNull();
    }

    @Test
    void anUnknownBudgetIsAClearError() {
        assertThatThrownBy(() -> await(budgets.tryTake("never-defined"))).hasMessageContaining("unknown rate budget");
    }

    @Test
    void limitsParseTheDocumentedForms() {
        assertThat(Limit.parse("8640/1d").refillPerSecond()).isEqualTo(0.1);
        assertThat(Limit.parse("5/1m").refillPerSecond()).isCloseTo(5.0 / 60, Offset.offset(1e-9));
        assertThat(Limit.parse(" 100 / 30s ").count()).isEqualTo(100);
        assertThatThrownBy(() -> Limit.parse("5 per second")).hasMessageContaining("count/period");
        assertThatThrownBy(() -> Limit.parse("0/1s")).isInstanceOf(IllegalArgumentException.class);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(15));
    }
}
