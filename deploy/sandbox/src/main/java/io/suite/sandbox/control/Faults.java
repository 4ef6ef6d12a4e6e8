package io.suite.sandbox.control;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The faults currently injected per API, and the decision for one request. */
@ApplicationScoped
public class Faults {

    /** What to do with one request: wait {@code delayMillis}, then answer normally or with {@code kind}. */
    public record Decision(long delayMillis, Kind kind, int status) {
    }

    public enum Kind {
        NONE,
        ERROR,
        OUTAGE,
        THROTTLE
    }

    private record Active(FaultSettings settings, Instant outageUntil) {
    }

    private final SandboxClock clock;
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    @Inject
    public Faults(SandboxClock clock) {
        this.clock = clock;
    }

    public void set(String api, FaultSettings s) {
        s.validate();
        Instant until = s.outageSeconds() == null || s.outageSeconds() == 0 ? null : clock.instant().plusSeconds(s.outageSeconds());
        active.put(api, new Active(s, until));
    }

    public void clear(String api) {
        active.remove(api);
    }

    public void clearAll() {
        active.clear();
    }

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        active.forEach((api, a) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("settings", a.settings());
            m.put("outageUntil", a.outageUntil() == null ? null : a.outageUntil().toString());
            out.put(api, m);
        });
        return out;
    }

    public Decision decide(String api) {
        Active a = active.get(api);
        if (a == null) {
            return new Decision(0, Kind.NONE, 0);
        }
        FaultSettings s = a.settings();
        long delay = s.latencyMs() == null ? 0 : s.latencyMs();
        if (s.randomLatencyMaxMs() != null) {
            long min = s.randomLatencyMinMs() == null ? 0 : s.randomLatencyMinMs();
            delay += min + ThreadLocalRandom.current().nextLong(s.randomLatencyMaxMs() - min + 1);
        }
        if (a.outageUntil() != null && clock.instant().isBefore(a.outageUntil())) {
            return new Decision(delay, Kind.OUTAGE, 503);
        }
        if (Boolean.TRUE.equals(s.throttle())) {
            return new Decision(delay, Kind.THROTTLE, 429);
        }
        if (s.errorRate() != null && s.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < s.errorRate()) {
            return new Decision(delay, Kind.ERROR, s.errorStatus() == null ? 500 : s.errorStatus());
        }
        return new Decision(delay, Kind.NONE, 0);
    }
}
