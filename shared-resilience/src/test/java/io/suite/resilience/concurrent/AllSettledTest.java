package io.suite.resilience.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.suite.resilience.coalesce.SingleFlight;

/**
 * Calls side by side that all fail settle without a dropped exception. The failing case on real code (a sync's calls
 * joining the refresh of a revoked grant, three "Mutiny had to drop" ERRORs before AllSettled) is account-service's
 * LogHygieneTest.
 */
class AllSettledTest {

    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureDroppedExceptions() {
        Infrastructure.setDroppedExceptionHandler(dropped::add);
    }

    @AfterEach
    void restore() {
        Infrastructure.resetDroppedExceptionHandler();
    }

    /** Three calls that fail one after another, as the calls of a sync do when the grant is revoked. */
    private static List<Uni<String>> failingOneAfterAnother(List<UniEmitter<? super String>> emitters) {
        return List.of(Uni.createFrom().emitter(emitters::add), Uni.createFrom().emitter(emitters::add),
                Uni.createFrom().emitter(emitters::add));
    }

    /** Three calls that join one failing flight, as a sync's calls join the refresh of a revoked grant. */
    private static List<Uni<String>> joiningOneFailingFlight(List<UniEmitter<? super String>> refresh) {
        SingleFlight<String, String> flight = new SingleFlight<>();
        Uni<String> call = Uni.createFrom().deferred(() -> flight.run("grant", () -> Uni.createFrom().emitter(refresh::add)));
        return List.of(call, call, call);
    }

    @Test
    void theWaitersOfAFailingFlightAllSettleAndNothingIsDropped() {
        List<UniEmitter<? super String>> refresh = new CopyOnWriteArrayList<>();
        var result = AllSettled.all(joiningOneFailingFlight(refresh), 3).subscribe().asCompletionStage();
        refresh.get(0).fail(new IllegalStateException("invalid_grant"));
        assertThat(result).failsWithin(Duration.ofSeconds(5));
        assertThat(dropped).isEmpty();
    }

    @Test
    void everyCallSettlesAndTheFirstFailureCarriesTheOthers() {
        List<UniEmitter<? super String>> emitters = new CopyOnWriteArrayList<>();
        var result = AllSettled.all(failingOneAfterAnother(emitters), 3).subscribe().asCompletionStage();
        assertThat(emitters).hasSize(3);
        emitters.get(0).fail(new IllegalStateException("revoked 0"));
        assertThat(result).as("waits for the others").isNotDone();
        emitters.get(1).complete("fine");
        emitters.get(2).fail(new IllegalStateException("revoked 2"));
        Throwable failure = result.handle((item, e) -> e).toCompletableFuture().join();
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("revoked 0");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("revoked 2");
        assertThat(dropped).isEmpty();
    }

    @Test
    void itemsComeInTheOrderOfTheCallsAndNoCallsIsAnEmptyList() {
        List<Uni<Integer>> calls = List.of(Uni.createFrom().item(1).onItem().delayIt().by(Duration.ofMillis(30)),
                Uni.createFrom().item(2), Uni.createFrom().item(3));
        assertThat(AllSettled.all(calls, 2).await().atMost(Duration.ofSeconds(5))).containsExactly(1, 2, 3);
        assertThat(AllSettled.all(List.<Uni<Integer>> of(), 2).await().atMost(Duration.ofSeconds(5))).isEmpty();
    }
}
