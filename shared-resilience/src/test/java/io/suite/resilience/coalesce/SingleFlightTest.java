package io.suite.resilience.coalesce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.suite.resilience.correlation.CorrelationId;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

class SingleFlightTest {

    private final SingleFlight<String, String> flights = new SingleFlight<>();
    private final AtomicInteger executions = new AtomicInteger();
    private final List<UniEmitter<? super String>> pending = new ArrayList<>();

    private Uni<String> slowWork() {
        return Uni.createFrom().emitter(e -> {
            executions.incrementAndGet();
            synchronized (pending) {
                pending.add(e);
            }
        });
    }

    @Test
    void concurrentCallersForOneKeyShareOneExecution() {
        List<Uni<String>> callers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            callers.add(flights.run("SPY", this::slowWork));
        }
        var all = Uni.join().all(callers).andFailFast().subscribe().asCompletionStage();

        assertThat(executions).hasValue(1);
        assertThat(flights.inFlight()).isEqualTo(1);
        pending.get(0).complete("quote");

        assertThat(all.toCompletableFuture().join()).hasSize(100).containsOnly("quote");
        assertThat(flights.inFlight()).isZero();
    }

    @Test
    void eachCoalescedCallerResumesOnItsOwnContextWithItsOwnCorrelationId() throws Exception {
        // Quarkus keeps a request's MDC (its correlation id) in the locals of its duplicated Vert.x context: a waiter
        // resumed on the thread that finished the shared work would log the first caller's id, or none
        Vertx vertx = Vertx.vertx();
        try {
            ContextInternal root = (ContextInternal) vertx.getOrCreateContext();
            List<CompletableFuture<String>> seen = new ArrayList<>();
            for (String id : List.of("request-a", "request-b", "request-c")) {
                ContextInternal request = root.duplicate();
                CompletableFuture<String> resumedWith = new CompletableFuture<>();
                seen.add(resumedWith);
                request.runOnContext(ignored -> {
                    request.putLocal(CorrelationId.MDC_KEY, id);
                    flights.run("SPY", this::slowWork).subscribe().with(
                            item -> resumedWith.complete(id + " -> " + Vertx.currentContext().getLocal(CorrelationId.MDC_KEY)),
                            resumedWith::completeExceptionally);
                });
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> executions.get() == 1 && flights.inFlight() == 1
                    && seen.stream().allMatch(f -> !f.isDone()));
            Thread finisher = new Thread(() -> pending.get(0).complete("quote"), "not-a-vertx-thread");
            finisher.start();
            finisher.join();
            List<String> results = new ArrayList<>();
            for (CompletableFuture<String> f : seen) {
                results.add(f.get(5, TimeUnit.SECONDS));
            }
            assertThat(results).containsExactly("request-a -> request-a", "request-b -> request-b", "request-c -> request-c");
            assertThat(executions).hasValue(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void differentKeysRunSeparatelyAndALaterCallRunsAgain() {
        var spy = flights.run("SPY", this::slowWork).subscribe().asCompletionStage();
        var qqq = flights.run("QQQ", this::slowWork).subscribe().asCompletionStage();
        assertThat(executions).hasValue(2);
        pending.forEach(e -> e.complete("done"));
        assertThat(spy.toCompletableFuture().join()).isEqualTo("done");
        assertThat(qqq.toCompletableFuture().join()).isEqualTo("done");

        var again = flights.run("SPY", this::slowWork).subscribe().asCompletionStage();
        assertThat(executions).hasValue(3);
        pending.get(2).complete("fresh");
        assertThat(again.toCompletableFuture().join()).isEqualTo("fresh");
    }

    @Test
    void aFailureReachesEveryWaiterAndTheNextCallRetries() {
        Uni<String> first = flights.run("SPY", this::slowWork);
        Uni<String> second = flights.run("SPY", this::slowWork);
        var a = first.subscribe().asCompletionStage();
        var b = second.subscribe().asCompletionStage();
        pending.get(0).fail(new IllegalStateException("upstream down"));

        assertThatThrownBy(() -> a.toCompletableFuture().join()).hasRootCauseMessage("upstream down");
        assertThatThrownBy(() -> b.toCompletableFuture().join()).hasRootCauseMessage("upstream down");
        assertThat(flights.run("SPY", () -> Uni.createFrom().item("recovered")).await().atMost(Duration.ofSeconds(5)))
                .isEqualTo("recovered");
    }
}
