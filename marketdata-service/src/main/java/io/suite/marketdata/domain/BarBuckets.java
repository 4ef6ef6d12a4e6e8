package io.suite.marketdata.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Bars are cached by the calendar bucket they fall in, not per requested range: a day of second bars, a week of
 * minute bars, a year of hour, day, week, month, quarter or year bars. However many different ranges clients ask
 * for, each bar is stored once, and a range of ten years is ten year-buckets shared with every other request that
 * touches them. Bar sizes whose windows need not line up with bucket edges (several days, or minutes that do not
 * divide a day) are cached per exact range, as before.
 */
public final class BarBuckets {

    private BarBuckets() {
    }

    /** Days of stocks, indices and options are New York days; crypto and forex bars are cut at UTC midnight. */
    public static ZoneId zone(AssetClass assetClass) {
        return assetClass == AssetClass.CRYPTO || assetClass == AssetClass.FX ? ZoneOffset.UTC : MarketHours.NEW_YORK;
    }

    public static boolean bucketed(Timespan span, int multiplier) {
        if (span.approximateLength().compareTo(Duration.ofDays(1)) < 0) {
            return Duration.ofDays(1).toSeconds() % (span.approximateLength().toSeconds() * multiplier) == 0;
        }
        return multiplier == 1;
    }

    public static LocalDate bucketStart(Timespan span, LocalDate d) {
        return switch (span) {
            case SECOND -> d;
            case MINUTE -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default -> d.withDayOfYear(1);
        };
    }

    public static LocalDate bucketEnd(Timespan span, LocalDate d) {
        return switch (span) {
            case SECOND -> d;
            case MINUTE -> d.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
            default -> d.with(TemporalAdjusters.lastDayOfYear());
        };
    }

    /** The cache keys holding {@code from}..{@code to}: its buckets, or the exact range when the size is not bucketed. */
    public static List<CacheKey.BarsKey> keys(Ticker ticker, int multiplier, Timespan span, LocalDate from, LocalDate to,
            boolean adjusted) {
        if (!bucketed(span, multiplier)) {
            return List.of(new CacheKey.BarsKey(ticker, multiplier, span, from, to, adjusted));
        }
        List<CacheKey.BarsKey> keys = new ArrayList<>();
        for (LocalDate d = bucketStart(span, from); !d.isAfter(to); d = bucketEnd(span, d).plusDays(1)) {
            keys.add(new CacheKey.BarsKey(ticker, multiplier, span, d, bucketEnd(span, d), adjusted));
        }
        return keys;
    }

    /** The day a bar starts on, in its market's zone. */
    public static LocalDate day(Bar bar, ZoneId zone) {
        return bar.start().atZone(zone).toLocalDate();
    }

    /** The first day after the bar's window (exclusive end), in its market's zone. */
    static LocalDate endDay(Bar bar, Timespan span, int multiplier, ZoneId zone) {
        ZonedDateTime start = bar.start().atZone(zone);
        ZonedDateTime end = switch (span) {
            case SECOND, MINUTE, HOUR -> start.plus(span.approximateLength().multipliedBy(multiplier)).minusNanos(1);
            case DAY -> start.plusDays(multiplier).minusNanos(1);
            case WEEK -> start.plusWeeks(multiplier).minusNanos(1);
            case MONTH -> start.plusMonths(multiplier).minusNanos(1);
            case QUARTER -> start.plusMonths(3L * multiplier).minusNanos(1);
            case YEAR -> start.plusYears(multiplier).minusNanos(1);
        };
        return end.toLocalDate().plusDays(1);
    }

    /**
     * Stitches buckets into the bars of {@code from}..{@code to}: each bar once (a week bar at a year's edge comes with
     * both years), oldest first, keeping the bars whose window overlaps the range.
     */
    public static List<Bar> stitch(List<List<Bar>> buckets, Timespan span, int multiplier, ZoneId zone, LocalDate from,
            LocalDate to) {
        TreeMap<Instant, Bar> byStart = new TreeMap<>();
        for (List<Bar> bucket : buckets) {
            for (Bar b : bucket) {
                if (!day(b, zone).isAfter(to) && endDay(b, span, multiplier, zone).isAfter(from)) {
                    byStart.putIfAbsent(b.start(), b);
                }
            }
        }
        return new ArrayList<>(byStart.values());
    }

    /** The bars of one fetched run that belong to {@code bucket} (by their start day); those before the run's first bucket go to it. */
    public static List<Bar> slice(List<Bar> run, CacheKey.BarsKey bucket, boolean firstOfRun, ZoneId zone) {
        return run.stream().filter(b -> {
            LocalDate d = day(b, zone);
            return (firstOfRun || !d.isBefore(bucket.from())) && !d.isAfter(bucket.to());
        }).sorted(Comparator.comparing(Bar::start)).toList();
    }
}
