package io.suite.sandbox.polygon;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.control.Counters;
import io.suite.sandbox.data.TradingCalendar;
import io.suite.sandbox.limits.RateLimiter;
import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.Ids;
import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Who may call what, as the real service decides it: the key (Bearer header or {@code apiKey}), the key's rate limit,
 * then its plan. A family the plan lacks is {@code 403 {"status":"NOT_AUTHORIZED","message":"You are not entitled to
 * this data…"}}; bars older than the plan's history {@code 403 … "Your plan doesn't include this data timeframe…"}.
 */
@ApplicationScoped
public class PolygonAccess {

    /** End-of-day data of a session is out this long after its 16:00 close. */
    public static final long END_OF_DAY_DELAY_MILLIS = 30 * 60_000L;

    @Inject
    SandboxConfig config;
    @Inject
    RateLimiter limiter;
    @Inject
    Counters counters;
    @Inject
    SandboxClock clock;

    /** Thrown to answer early with a Polygon-shaped error. */
    static final class PolygonError extends RuntimeException {
        final transient Response response;

        PolygonError(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    static Response run(Supplier<Response> body) {
        try {
            return body.get();
        } catch (PolygonError e) {
            return e.response;
        }
    }

    /** The keys the sandbox knows and their plans (all sandbox-only fakes). */
    public Map<String, PolygonPlan> keys() {
        Map<String, PolygonPlan> keys = new LinkedHashMap<>();
        keys.put(config.polygon().freeKey(), PolygonPlan.BASIC);
        keys.put(config.polygon().starterKey(), PolygonPlan.STARTER);
        keys.put(config.polygon().developerKey(), PolygonPlan.DEVELOPER);
        keys.put(config.polygon().paidKey(), PolygonPlan.ADVANCED);
        return keys;
    }

    /** The free plan's key draws on the {@code polygon-free} limit, every paid plan on {@code polygon-paid}. */
    public static String limitOf(PolygonPlan plan) {
        return plan == PolygonPlan.BASIC ? "polygon-free" : "polygon-paid";
    }

    /**
     * Authenticates and applies the key's rate limit, then requires {@code kind} of {@code market} ({@code stocks},
     * {@code options}, {@code indices}, {@code crypto}, {@code fx}) of its plan.
     */
    PolygonPlan authorize(String authorization, UriInfo uri, String market, PolygonPlan.Kind kind) {
        String key = null;
        if (authorization != null && authorization.startsWith("Bearer ")) {
            key = authorization.substring(7).trim();
        } else if (uri.getQueryParameters().getFirst("apiKey") != null) {
            key = uri.getQueryParameters().getFirst("apiKey");
        }
        if (key == null || key.isEmpty()) {
            counters.authFailure("polygon");
            throw new PolygonError(ApiErrors.polygonError(401, "API Key was not provided"));
        }
        counters.credential("polygon", key);
        PolygonPlan plan = keys().get(key);
        if (plan == null) {
            counters.authFailure("polygon");
            throw new PolygonError(ApiErrors.polygonError(401, "Unknown API Key"));
        }
        RateLimiter.Decision d = limiter.tryAcquire(limitOf(plan), key);
        if (!d.allowed()) {
            counters.throttled("polygon");
            throw new PolygonError(ApiErrors.polygonThrottled());
        }
        if (!plan.includes(kind)) {
            throw notEntitled(market + "." + kind.name().toLowerCase(Locale.ROOT), PolygonPlan.NOT_ENTITLED);
        }
        return plan;
    }

    /** Bars from before the plan's history window are refused as a whole, not cut. */
    void requireHistory(PolygonPlan plan, String market, LocalDate from) {
        if (from.isBefore(today().minusYears(plan.historyYears()))) {
            throw notEntitled(market + ".history", PolygonPlan.TIMEFRAME);
        }
    }

    /** The 403, counted per family ({@code stocks.trades}, {@code stocks.history}, ...) for {@code /_control/counters}. */
    PolygonError notEntitled(String family, String message) {
        counters.notEntitled("polygon", family);
        return new PolygonError(ApiErrors.json(403, ApiErrors.map("status", "NOT_AUTHORIZED", "request_id", Ids.hex(16),
                "message", message)));
    }

    LocalDate today() {
        return Instant.ofEpochMilli(clock.millis()).atZone(TradingCalendar.NEW_YORK).toLocalDate();
    }

    /** "Now" as the plan sees it: 15 minutes ago on delayed plans, the last complete session's end on end-of-day ones. */
    long now(PolygonPlan plan) {
        long now = clock.millis();
        if (plan.endOfDay()) {
            return Math.min(now, TradingCalendar.closeMillis(lastCompleteSession()) - 1);
        }
        return now - plan.delayMinutes() * 60_000L;
    }

    /** The latest session whose end-of-day data is out: today once 30 minutes past the close, else the one before. */
    LocalDate lastCompleteSession() {
        LocalDate today = today();
        if (TradingCalendar.isTradingDay(today) && clock.millis() >= TradingCalendar.closeMillis(today) + END_OF_DAY_DELAY_MILLIS) {
            return today;
        }
        return TradingCalendar.previousTradingDay(today);
    }
}
