package io.suite.sandbox.polygon;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Massive's stock plans as the sandbox serves them, per key. Basic (the free plan): end-of-day aggregates, previous
 * close, grouped daily and reference data, 2 years of history, no trades, quotes or snapshots. Starter: + snapshots
 * 15 minutes delayed, 5 years. Developer: + trades (15 minutes delayed), 10 years. Advanced: + quotes (NBBO), real time,
 * 20 years. The same tiers apply to the options, indices, crypto and forex endpoints.
 */
public enum PolygonPlan {
    BASIC(Set.of(Kind.AGGREGATES, Kind.REFERENCE), 2, -1),
    STARTER(Set.of(Kind.AGGREGATES, Kind.REFERENCE, Kind.SNAPSHOTS), 5, 15),
    DEVELOPER(Set.of(Kind.AGGREGATES, Kind.REFERENCE, Kind.SNAPSHOTS, Kind.TRADES), 10, 15),
    ADVANCED(Set.of(Kind.values()), 20, 0);

    /** Massive's entitlement data types ({@code x-massive-entitlement-data-type} in its OpenAPI). */
    public enum Kind {
        AGGREGATES,
        REFERENCE,
        SNAPSHOTS,
        TRADES,
        NBBO
    }

    /** "You are not entitled to this data": the 403 NOT_AUTHORIZED message (maybe-finance/maybe#152, URL since 2026). */
    public static final String NOT_ENTITLED = "You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing";
    /** Bars older than the plan's history (massive-com/client-python#922). */
    public static final String TIMEFRAME = "Your plan doesn't include this data timeframe. Please upgrade your plan at https://massive.com/pricing";

    private final Set<Kind> kinds;
    private final int historyYears;
    private final int delayMinutes;

    PolygonPlan(Set<Kind> kinds, int historyYears, int delayMinutes) {
        this.kinds = kinds;
        this.historyYears = historyYears;
        this.delayMinutes = delayMinutes;
    }

    public boolean includes(Kind kind) {
        return kinds.contains(kind);
    }

    public int historyYears() {
        return historyYears;
    }

    /** Minutes behind real time: 0 real time, 15 delayed, -1 end of day (aggregates of complete sessions only). */
    public int delayMinutes() {
        return delayMinutes;
    }

    public boolean endOfDay() {
        return delayMinutes < 0;
    }

    public boolean realTime() {
        return delayMinutes == 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public List<String> entitlements() {
        return kinds.stream().sorted().map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }
}
