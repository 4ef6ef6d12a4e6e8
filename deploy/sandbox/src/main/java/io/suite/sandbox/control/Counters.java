package io.suite.sandbox.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.suite.sandbox.support.Ids;
import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Call counters per API: calls per endpoint and per (masked) credential, throttled calls, rejected
 * authentications/signatures, 403s for data a plan does not include (per endpoint family), injected faults and the peak
 * requests per second. Served by
 * {@code GET /_control/counters}.
 */
@ApplicationScoped
public class Counters {

    public static final String[] APIS = { "lwa", "ads", "polygon", "paapi", "creators" };

    private final SandboxClock clock;
    private final Map<String, ApiCounters> byApi = new ConcurrentHashMap<>();

    @Inject
    public Counters(SandboxClock clock) {
        this.clock = clock;
    }

    static final class ApiCounters {
        final LongAdder calls = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final LongAdder authFailures = new LongAdder();
        final LongAdder faults = new LongAdder();
        final LongAdder notEntitled = new LongAdder();
        final Map<String, LongAdder> endpoints = new ConcurrentHashMap<>();
        final Map<String, LongAdder> notEntitledEndpoints = new ConcurrentHashMap<>();
        final Map<String, LongAdder> credentials = new ConcurrentHashMap<>();
        long currentSecond = -1;
        long currentCount;
        long peakPerSecond;
    }

    private ApiCounters api(String api) {
        return byApi.computeIfAbsent(api, a -> new ApiCounters());
    }

    /** One request arrived at {@code endpoint} (e.g. "POST /lwa/auth/o2/token"). */
    public void call(String api, String endpoint) {
        ApiCounters c = api(api);
        c.calls.increment();
        c.endpoints.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
        long second = clock.millis() / 1000;
        synchronized (c) {
            if (second != c.currentSecond) {
                c.currentSecond = second;
                c.currentCount = 0;
            }
            c.currentCount++;
            c.peakPerSecond = Math.max(c.peakPerSecond, c.currentCount);
        }
    }

    /** The request was made with this credential (recorded masked). */
    public void credential(String api, String credential) {
        api(api).credentials.computeIfAbsent(Ids.mask(credential), k -> new LongAdder()).increment();
    }

    public void throttled(String api) {
        api(api).throttled.increment();
    }

    public void authFailure(String api) {
        api(api).authFailures.increment();
    }

    /** A 403 for data the credential's plan does not include, counted per endpoint family (e.g. {@code stocks.trades}). */
    public void notEntitled(String api, String family) {
        ApiCounters c = api(api);
        c.notEntitled.increment();
        c.notEntitledEndpoints.computeIfAbsent(family, e -> new LongAdder()).increment();
    }

    public void fault(String api) {
        api(api).faults.increment();
    }

    public long calls(String api) {
        return api(api).calls.sum();
    }

    public void reset() {
        byApi.clear();
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String a : APIS) {
            ApiCounters c = api(a);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", c.calls.sum());
            m.put("throttled", c.throttled.sum());
            m.put("authFailures", c.authFailures.sum());
            m.put("faults", c.faults.sum());
            m.put("notEntitled", c.notEntitled.sum());
            Map<String, Long> ne = new TreeMap<>();
            c.notEntitledEndpoints.forEach((k, v) -> ne.put(k, v.sum()));
            m.put("notEntitledFamilies", ne);
            synchronized (c) {
                m.put("peakPerSecond", c.peakPerSecond);
            }
            Map<String, Long> e = new TreeMap<>();
            c.endpoints.forEach((k, v) -> e.put(k, v.sum()));
            m.put("endpoints", e);
            Map<String, Long> cr = new TreeMap<>();
            c.credentials.forEach((k, v) -> cr.put(k, v.sum()));
            m.put("credentials", cr);
            out.put(a, m);
        }
        return out;
    }
}
