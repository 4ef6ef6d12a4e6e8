package io.suite.resilience.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-upstream guards and shared rate budgets. Every key is overridable by environment variable, e.g.
 * {@code RESILIENCE_UPSTREAMS__ADS__RETRY_MAX_ATTEMPTS=3} (quote map keys as in SmallRye's env var rules).
 *
 * <pre>
 * resilience.upstreams.ads.retry.base=1s
 * resilience.upstreams.ads.retry.cap=60s
 * resilience.upstreams.ads.retry.max-attempts=5
 * resilience.upstreams.ads.breaker.failure-threshold=5
 * resilience.upstreams.ads.breaker.delay=5m
 * resilience.upstreams.ads.timeout=10s
 * resilience.upstreams.ads.budget=ads
 * resilience.budgets.ads.limits=100/30s
 * resilience.budgets.paapi.limits=1/1s,8640/1d
 * resilience.fair-share.ads.share=0.25
 * resilience.fair-share.ads.max-wait=60s
 * </pre>
 */
@ConfigMapping(prefix = "resilience")
public interface ResilienceConfig {

    /** Guards by upstream name. */
    Map<String, Upstream> upstreams();

    /** Shared rate budgets by name, kept in Postgres so every replica draws from the same bucket. */
    Map<String, Budget> budgets();

    /**
     * Fair share of a budget per subject (the user a call is made for), by budget name: no one subject may take more
     * than this of the shared budget, so the others still get their turn. Budgets without an entry have no per-subject
     * limit; calls without a subject (background jobs) never do.
     */
    Map<String, FairShare> fairShare();

    SubjectQuotas subjectQuotas();

    Usage usage();

    Database database();

    Cursors cursors();

    interface Upstream {

        Retry retry();

        Breaker breaker();

        /** Time allowed for one HTTP call (not for the waits around it). */
        @WithDefault("10s")
        Duration timeout();

        /** The shared rate budget each call takes a permit from; none when absent. */
        Optional<String> budget();

        /** How long a call may wait for a budget permit before it fails with a rate-limit problem. */
        @WithDefault("30s")
        Duration maxBudgetWait();

        /**
         * Most calls this guard holds at once on this instance (waiting for the budget, backing off or in flight); more
         * are refused at once with a rate-limit problem, so a burst cannot pile up unbounded waiters. None when absent.
         */
        OptionalInt maxQueued();

        /** Cooldown applied to the budget after a 429 that carried no Retry-After. */
        @WithDefault("1s")
        Duration defaultCooldown();
    }

    interface Retry {

        @WithDefault("1s")
        Duration base();

        @WithDefault("60s")
        Duration cap();

        /** Attempts in all, the first call included. */
        @WithDefault("5")
        int maxAttempts();

        /** Total time retries may take; a Retry-After that would exceed what is left ends the retry at once. */
        @WithDefault("3m")
        Duration maxDuration();
    }

    interface Breaker {

        @WithDefault("true")
        boolean enabled();

        /** Consecutive failures that open the breaker. */
        @WithDefault("5")
        int failureThreshold();

        /** How long the breaker stays open before it lets one trial call through. */
        @WithDefault("5m")
        Duration delay();

        /** Successful trial calls that close it again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface Budget {

        /** Limits that all apply, each {@code count/period}: {@code 1/1s,8640/1d}; periods in ms, s, m, h or d. */
        List<String> limits();
    }

    interface FairShare {

        /**
         * The largest fraction of each of the budget's limits one subject may use, e.g. {@code 0.2} of {@code 5/66s}: a
         * bucket of capacity 1 (at least one call) refilled at a fifth of the budget's rate. When more subjects than
         * 1/share were active within {@link #activeWindow()}, each gets an equal part instead (1/active). Ignored when
         * {@link #limits()} is set.
         */
        OptionalDouble share();

        /** A subject that took from its share within this time counts as active (the share is split between them). */
        @WithDefault("30s")
        Duration activeWindow();

        /** A subject's own limits, {@code count/period} as budgets' (instead of a share), e.g. {@code 2/1m}. */
        Optional<List<String>> limits();

        /**
         * How long a call may wait for its subject's next permit; a longer wait fails it at once with 429 and Retry-After
         * (0: a caller over its share is refused at once; background work such as a sync run may pace itself instead).
         */
        @WithDefault("0s")
        Duration maxWait();
    }

    interface SubjectQuotas {

        /** How often buckets that have refilled completely are forgotten (such a row means the same as none). */
        @WithDefault("10m")
        Duration cleanupInterval();

        /** How often each instance counts the subjects active on each shared budget (one small query per budget). */
        @WithDefault("1s")
        Duration activeRefresh();
    }

    interface Usage {

        /** How often aggregated budget usage is written to Postgres. */
        @WithDefault("15s")
        Duration flushInterval();
    }

    interface Database {

        /** Retry-After of the 503 a request gets while the database cannot be reached (a restart takes seconds). */
        @WithDefault("5s")
        Duration retryAfter();
    }

    interface Cursors {

        /**
         * HMAC-SHA256 key (at least 32 characters) that signs {@code next_token} cursors; every replica of a service
         * needs the same one ({@code SUITE_CURSOR_KEY}). Required in production; dev and test use a random key per
         * process when unset.
         */
        Optional<String> key();
    }
}
