package io.suite.sandbox.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Rate limits of every imitated API, one set of token buckets per (limit name, credential).
 * Limit names: lwa, ads, polygon-free, polygon-paid, paapi, creators. Changeable at runtime through
 * {@code PUT /_control/limits/{name}}; a change resets the buckets of that limit.
 */
@ApplicationScoped
public class RateLimiter {

    public static final List<String> NAMES = List.of("lwa", "ads", "polygon-free", "polygon-paid", "paapi", "creators");

    /** Outcome of an attempt: allowed, or refused with the wait until a token is back. */
    public record Decision(boolean allowed, long retryAfterMillis, LimitRule refusedBy) {
        public Decision(boolean allowed, long retryAfterMillis) {
            this(allowed, retryAfterMillis, null);
        }

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMillis + 999) / 1000);
        }

        /** Refused by a rule of a day or longer: the credential's daily quota (PA-API's TPD) is spent. */
        public boolean dailyQuota() {
            return refusedBy != null && refusedBy.window().compareTo(Duration.ofDays(1)) >= 0;
        }
    }

    private final SandboxConfig config;
    private final SandboxClock clock;
    private final Map<String, List<LimitRule>> rules = new ConcurrentHashMap<>();
    private final Map<String, List<TokenBucket>> buckets = new ConcurrentHashMap<>();

    @Inject
    public RateLimiter(SandboxConfig config, SandboxClock clock) {
        this.config = config;
        this.clock = clock;
        reset();
    }

    public final void reset() {
        SandboxConfig.Limits l = config.limits();
        rules.put("lwa", LimitRule.parseAll(l.lwa()));
        rules.put("ads", LimitRule.parseAll(l.ads()));
        rules.put("polygon-free", LimitRule.parseAll(l.polygonFree()));
        rules.put("polygon-paid", LimitRule.parseAll(l.polygonPaid()));
        rules.put("paapi", LimitRule.parseAll(l.paapi()));
        rules.put("creators", LimitRule.parseAll(l.creators()));
        buckets.clear();
    }

    public void setRules(String name, List<LimitRule> newRules) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown limit " + name + "; known: " + NAMES);
        }
        rules.put(name, List.copyOf(newRules));
        buckets.keySet().removeIf(k -> k.startsWith(name + "\u0000"));
    }

    public List<LimitRule> rules(String name) {
        return rules.getOrDefault(name, List.of());
    }

    public Map<String, List<LimitRule>> allRules() {
        Map<String, List<LimitRule>> out = new LinkedHashMap<>();
        for (String n : NAMES) {
            out.put(n, rules(n));
        }
        return out;
    }

    /** Takes one token from every rule of {@code name} for {@code credential}, or none if any is empty. */
    public Decision tryAcquire(String name, String credential) {
        List<LimitRule> r = rules(name);
        if (r.isEmpty()) {
            return new Decision(true, 0);
        }
        long now = clock.millis();
        List<TokenBucket> set = buckets.computeIfAbsent(name + "\u0000" + credential, k -> {
            List<TokenBucket> l = new ArrayList<>();
            for (LimitRule rule : r) {
                l.add(new TokenBucket(rule, now));
            }
            return l;
        });
        synchronized (set) {
            long wait = 0;
            LimitRule refusedBy = null;
            for (int i = 0; i < set.size(); i++) {
                TokenBucket b = set.get(i);
                b.refill(now);
                long w = b.millisUntilToken();
                if (w > wait) {
                    wait = w;
                    refusedBy = r.get(i);
                }
            }
            if (wait > 0) {
                return new Decision(false, wait, refusedBy);
            }
            for (TokenBucket b : set) {
                b.take();
            }
            return new Decision(true, 0);
        }
    }
}
