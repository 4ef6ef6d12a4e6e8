package io.suite.faults;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Open-loop traffic at a fixed rate: every 20 ms the due share of requests is sent, whatever the answers take (a
 * stalled service shows up as latency and errors, not as a slower client). In-flight requests are capped, so the load
 * stays bounded when a service stops answering; requests not sent for that reason are counted.
 */
final class Traffic implements AutoCloseable {

    /** One kind of request: {@code next(seq)} builds it; the key names what a write wrote (checked afterwards). */
    record Op(String service, String name, int weight, boolean write, LongFunction<Call> next) {
    }

    record Call(HttpRequest request, String key) {
    }

    /** One answered request; {@code at} is milliseconds since the traffic started. */
    record Sample(long at, String service, String op, String key, int status, boolean problem, boolean retryAfter,
            long latencyMicros, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final int MAX_IN_FLIGHT = 256;

    final long startedMillis = System.currentTimeMillis();
    private final long startedNanos = System.nanoTime();
    private final List<Op> wheel = new ArrayList<>();
    private final double perTick;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<CompletableFuture<Http.Answer>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faults-traffic");
        t.setDaemon(true);
        return t;
    });
    private final boolean keepBodies;
    private double owed;
    private int cursor;

    Traffic(int perSecond, List<Op> ops, boolean keepBodies) {
        for (Op op : ops) {
            for (int i = 0; i < op.weight(); i++) {
                wheel.add(op);
            }
        }
        this.perTick = perSecond / 50.0;
        this.keepBodies = keepBodies;
        ticker.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private void tick() {
        owed += perTick;
        while (owed >= 1) {
            owed -= 1;
            Op op = wheel.get(cursor++ % wheel.size());
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                notSent.incrementAndGet();
                continue;
            }
            long n = seq.incrementAndGet();
            Call call = op.next().apply(n);
            long at = elapsedMillis();
            inFlight.incrementAndGet();
            CompletableFuture<Http.Answer> f = Http.sendAsync(call.request());
            pending.add(f);
            f.whenComplete((a, e) -> {
                inFlight.decrementAndGet();
                pending.remove(f);
                samples.add(new Sample(at, op.service(), op.name(), call.key(), a.status(), a.problem(), a.retryAfter() != null,
                        a.latencyMicros(), keepBodies || !a.ok() ? truncate(a.body()) : null));
            });
        }
    }

    private static String truncate(String body) {
        return body == null || body.length() <= 600 ? body : body.substring(0, 600);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    long notSent() {
        return notSent.get();
    }

    /** Stops sending and waits (bounded) for the answers still in flight. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(35, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answers that never came are simply not samples
        }
    }

    static Map<String, Long> countBy(List<Sample> samples, Function<Sample, String> key) {
        return samples.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    static long percentileMicros(List<Sample> samples, double p) {
        long[] v = samples.stream().mapToLong(Sample::latencyMicros).sorted().toArray();
        if (v.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }
}
