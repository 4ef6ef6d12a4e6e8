package io.suite.sandbox.data;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** NYSE trading days (weekends and the usual full-day holidays) and the regular session 09:30–16:00 New York. */
public final class TradingCalendar {

    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);

    private TradingCalendar() {
    }

    public static boolean isTradingDay(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !isHoliday(d);
    }

    public static boolean isHoliday(LocalDate d) {
        int y = d.getYear();
        return d.equals(observed(LocalDate.of(y, 1, 1)))
                || d.equals(LocalDate.of(y, 1, 1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, 2, 1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.MONDAY)))
                || d.equals(easter(y).minusDays(2))
                || d.equals(LocalDate.of(y, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || (y >= 2022 && d.equals(observed(LocalDate.of(y, 6, 19))))
                || d.equals(observed(LocalDate.of(y, 7, 4)))
                || d.equals(LocalDate.of(y, 9, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)))
                || d.equals(LocalDate.of(y, 11, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)))
                || d.equals(observed(LocalDate.of(y, 12, 25)));
    }

    private static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    /** Western Easter Sunday (anonymous Gregorian algorithm). */
    static LocalDate easter(int y) {
        int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(y, Month.of(month), day);
    }

    public static LocalDate previousTradingDay(LocalDate d) {
        LocalDate p = d.minusDays(1);
        while (!isTradingDay(p)) {
            p = p.minusDays(1);
        }
        return p;
    }

    public static LocalDate nextTradingDay(LocalDate d) {
        LocalDate p = d.plusDays(1);
        while (!isTradingDay(p)) {
            p = p.plusDays(1);
        }
        return p;
    }

    public static long openMillis(LocalDate d) {
        return ZonedDateTime.of(d, OPEN, NEW_YORK).toInstant().toEpochMilli();
    }

    public static long closeMillis(LocalDate d) {
        return ZonedDateTime.of(d, CLOSE, NEW_YORK).toInstant().toEpochMilli();
    }

    public static long midnightMillis(LocalDate d) {
        return d.atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
    }
}
