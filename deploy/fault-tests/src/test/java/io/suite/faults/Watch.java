package io.suite.faults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.awaitility.Awaitility;

/**
 * Samples something on a fixed period in the background (readiness, breaker states, heap, connections), on the same
 * clock as a {@link Traffic} so the two can be plotted together.
 */
final class Watch implements AutoCloseable {

    record Point(long at, String series, double value, String text) {
    }

    private final ConcurrentLinkedQueue<Point> points = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faults-watch");
        t.setDaemon(true);
        return t;
    });
    private final Traffic clock;

    Watch(Traffic clock, Duration period, Consumer<Watch> probe) {
        this.clock = clock;
        timer.scheduleWithFixedDelay(() -> {
            try {
                probe.accept(this);
            } catch (RuntimeException e) {
                record("probe-error", 1, e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void record(String series, double value, String text) {
        points.add(new Point(clock.elapsedMillis(), series, value, text));
    }

    List<Point> points() {
        return List.copyOf(points);
    }

    List<Point> series(String name) {
        return points.stream().filter(p -> p.series().equals(name)).toList();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets {@code d} pass (the traffic and watches keep running meanwhile), checking {@code failFast} on the way. */
    static void pass(Duration d, Runnable failFast) {
        long end = System.nanoTime() + d.toNanos();
        Awaitility.await().atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            failFast.run();
            return System.nanoTime() >= end;
        });
    }

    static void pass(Duration d) {
        pass(d, () -> {
        });
    }
}
