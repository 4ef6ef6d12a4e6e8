package io.suite.resilience.coalesce;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Coalesces concurrent work on the same key into one execution (per instance): cache misses for one quote, refreshes
 * of one token. Callers that arrive while the work runs share its outcome, item or failure; the next caller after it
 * ends starts afresh. Each caller resumes on its own Vert.x context, so its request's MDC and session stay with it.
 */
public final class SingleFlight<K, V> {

    private final Map<K, Uni<V>> inFlight = new ConcurrentHashMap<>();

    public Uni<V> run(K key, Supplier<Uni<V>> work) {
        return run(key, work, null);
    }

    /** As {@link #run(Object, Supplier)}; {@code onJoin} (may be null) runs when this caller joins work already running. */
    public Uni<V> run(K key, Supplier<Uni<V>> work, Runnable onJoin) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            boolean[] started = { false };
            Uni<V> flight = inFlight.computeIfAbsent(key, k -> {
                started[0] = true;
                AtomicReference<Uni<V>> self = new AtomicReference<>();
                Uni<V> shared = Uni.createFrom().<V> deferred(work::get)
                        .onTermination().invoke(() -> inFlight.remove(k, self.get()))
                        .memoize().indefinitely();
                self.set(shared);
                return shared;
            });
            if (!started[0] && onJoin != null) {
                onJoin.run();
            }
            return caller == null ? flight : flight.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /** Whether work for {@code key} is running now. */
    public boolean running(K key) {
        return inFlight.containsKey(key);
    }

    /** Keys with work running now. */
    public int inFlight() {
        return inFlight.size();
    }
}
