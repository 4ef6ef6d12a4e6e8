package io.suite.sandbox.polygon;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.TradingCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Aggregate bars. Intraday bars (second, minute, hour) cover the regular session of trading days only;
 * day bars exist only for trading days; week (from Sunday), month, quarter and year bars exist when they
 * contain a trading day. Nothing after "now" is returned.
 */
@ApplicationScoped
public class Aggregates {

    public static final Set<String> TIMESPANS = Set.of("second", "minute", "hour", "day", "week", "month", "quarter", "year");

    /** A bar window [start, end). */
    public record Window(long start, long end) {
    }

    @Inject
    MarketData market;

    /**
     * Up to {@code max} windows between {@code from} and {@code to} (both inclusive on the window start),
     * in the requested order.
     */
    public List<Window> windows(String timespan, int multiplier, long from, long to, boolean asc, int max, long now) {
        long upper = Math.min(to, now);
        if (upper < from) {
            return List.of();
        }
        return switch (timespan) {
            case "second", "minute", "hour" -> intraday(timespan, multiplier, from, upper, asc, max, now);
            default -> calendar(timespan, multiplier, from, upper, asc, max, now);
        };
    }

    private List<Window> intraday(String timespan, int multiplier, long from, long to, boolean asc, int max, long now) {
        long unit = switch (timespan) {
            case "second" -> 1_000L;
            case "minute" -> 60_000L;
            default -> 3_600_000L;
        };
        long size = unit * multiplier;
        List<Window> out = new ArrayList<>();
        LocalDate first = day(from);
        LocalDate last = day(to);
        LocalDate d = asc ? first : last;
        while (asc ? !d.isAfter(last) : !d.isBefore(first)) {
            if (TradingCalendar.isTradingDay(d)) {
                long midnight = TradingCalendar.midnightMillis(d);
                long open = TradingCalendar.openMillis(d);
                long close = Math.min(TradingCalendar.closeMillis(d), now + 1);
                long firstStart = midnight + Math.floorDiv(open - midnight, size) * size;
                List<Window> dayWindows = new ArrayList<>();
                for (long s = firstStart; s < close; s += size) {
                    if (s >= from && s <= to) {
                        dayWindows.add(new Window(s, s + size));
                    }
                }
                if (!asc) {
                    Collections.reverse(dayWindows);
                }
                for (Window w : dayWindows) {
                    out.add(w);
                    if (out.size() >= max) {
                        return out;
                    }
                }
            }
            d = asc ? d.plusDays(1) : d.minusDays(1);
        }
        return out;
    }

    private List<Window> calendar(String timespan, int multiplier, long from, long to, boolean asc, int max, long now) {
        LocalDate first = day(from);
        LocalDate last = day(to);
        List<LocalDate[]> units = new ArrayList<>();
        LocalDate d = switch (timespan) {
            case "week" -> first.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
            case "month" -> first.withDayOfMonth(1);
            case "quarter" -> first.with(IsoFields.DAY_OF_QUARTER, 1);
            case "year" -> first.withDayOfYear(1);
            default -> first;
        };
        while (!d.isAfter(last)) {
            LocalDate next = switch (timespan) {
                case "week" -> d.plusWeeks(1);
                case "month" -> d.plusMonths(1);
                case "quarter" -> d.plusMonths(3);
                case "year" -> d.plusYears(1);
                default -> d.plusDays(1);
            };
            LocalDate td = d;
            while (td.isBefore(next)) {
                if (!td.isBefore(first) && !td.isAfter(last) && TradingCalendar.isTradingDay(td) && TradingCalendar.openMillis(td) <= now) {
                    units.add(new LocalDate[] { d, next });
                    break;
                }
                td = td.plusDays(1);
            }
            d = next;
        }
        List<Window> grouped = new ArrayList<>();
        for (int i = 0; i < units.size(); i += multiplier) {
            LocalDate s = units.get(i)[0];
            LocalDate e = units.get(Math.min(units.size() - 1, i + multiplier - 1))[1];
            grouped.add(new Window(TradingCalendar.midnightMillis(s), TradingCalendar.midnightMillis(e)));
        }
        if (!asc) {
            Collections.reverse(grouped);
        }
        return grouped.size() > max ? grouped.subList(0, max) : grouped;
    }

    private static LocalDate day(long ms) {
        return Instant.ofEpochMilli(ms).atZone(TradingCalendar.NEW_YORK).toLocalDate();
    }

    /** The bar of a window: {v, vw, o, c, h, l, t, n}. */
    public Map<String, Object> bar(String symbol, Window w, long now) {
        List<long[]> sessions = new ArrayList<>();
        LocalDate d = day(w.start());
        LocalDate end = day(w.end() - 1);
        int guard = 0;
        while (!d.isAfter(end) && guard++ < 500) {
            if (TradingCalendar.isTradingDay(d)) {
                long s = Math.max(w.start(), TradingCalendar.openMillis(d));
                long e = Math.min(Math.min(w.end(), TradingCalendar.closeMillis(d)), now + 1);
                if (s < e) {
                    sessions.add(new long[] { s, e });
                }
            }
            d = d.plusDays(1);
        }
        if (sessions.isEmpty()) {
            sessions.add(new long[] { w.start(), w.end() });
        }
        long s0 = sessions.get(0)[0];
        long eN = sessions.get(sessions.size() - 1)[1] - 1;
        double o = market.price(symbol, s0);
        double c = market.price(symbol, eN);
        double h = Math.max(o, c);
        double l = Math.min(o, c);
        long minutes = 0;
        int step = Math.max(1, sessions.size() / 60);
        for (int i = 0; i < sessions.size(); i += step) {
            long[] s = sessions.get(i);
            minutes += Math.max(1, (s[1] - s[0]) / 60_000L) * step;
            for (int k = 1; k <= 6; k++) {
                double p = market.price(symbol, s[0] + (s[1] - s[0]) * k / 7);
                h = Math.max(h, p);
                l = Math.min(l, p);
            }
        }
        double volPerMinute = 40_000 * (1.5 + market.noise(symbol, w.start() / 60_000L));
        long v = Math.max(1, Math.round(volPerMinute * Math.max(minutes, 1) / (w.end() - w.start() < 60_000 ? 60 : 1)));
        Map<String, Object> bar = new LinkedHashMap<>();
        bar.put("v", v);
        bar.put("vw", MarketData.dec((o + h + l + c) / 4, 4));
        bar.put("o", MarketData.dec(o, 4));
        bar.put("c", MarketData.dec(c, 4));
        bar.put("h", MarketData.dec(h, 4));
        bar.put("l", MarketData.dec(l, 4));
        bar.put("t", w.start());
        bar.put("n", Math.max(1, (long) (v / 90)));
        return bar;
    }
}
