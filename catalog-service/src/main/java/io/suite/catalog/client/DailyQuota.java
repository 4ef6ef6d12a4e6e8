package io.suite.catalog.client;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

import io.suite.resilience.upstream.UpstreamException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;

/**
 * Recognises an answer saying the store's daily request quota (PA-API's "TPD") is spent: a 429 or 503 whose code or
 * message speaks of the day's quota, not of the per-second rate. Retrying it every second cannot succeed until the quota
 * window resets, so it becomes a rate limit whose Retry-After is the reset: the guard then gives up at once and closes
 * the store's shared budget until then (every replica sees it), as it does for any 429.
 */
final class DailyQuota {

    static final String CODE = "DailyQuotaExhausted";
    private static final Pattern DAILY = Pattern.compile(
            "(?i)\\b(daily|per day|a day|TPD|transactions per day)\\b.*\\b(quota|limit|requests?)\\b|\\b(quota|limit)\\b.*\\b(daily|per day|TPD)\\b");

    private DailyQuota() {
    }

    static boolean exhausted(Throwable failure) {
        if (!(failure instanceof UpstreamException e) || (e.status() != 429 && e.status() != 503)) {
            return false;
        }
        String text = e.code().orElse("") + " " + e.upstreamMessage().orElse("");
        return DAILY.matcher(text).find();
    }

    /** The failure as a rate limit lasting until the quota resets (the upstream's Retry-After when it sent one). */
    static UpstreamRateLimitedException untilReset(UpstreamException e, String upstream, ZoneId zone, Clock clock) {
        Duration wait = e.retryAfter().filter(d -> !d.isZero()).orElseGet(() -> untilNextDay(zone, clock));
        return new UpstreamRateLimitedException(upstream, e.status(), CODE,
                "daily request quota exhausted" + e.upstreamMessage().map(m -> " (" + m + ")").orElse(""), wait);
    }

    static Duration untilNextDay(ZoneId zone, Clock clock) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ZonedDateTime next = LocalDate.now(clock.withZone(zone)).plusDays(1).atStartOfDay(zone);
        return Duration.between(now, next);
    }
}
