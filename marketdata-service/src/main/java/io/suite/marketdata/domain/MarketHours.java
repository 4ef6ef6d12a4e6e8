package io.suite.marketdata.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * US equity regular session: 09:30–16:00 America/New_York, Monday to Friday, without NYSE's full-day holidays (New
 * Year, Martin Luther King Jr., Presidents', Good Friday, Memorial, Juneteenth, Independence, Labor, Thanksgiving and
 * Christmas Day, moved to Friday or Monday when they fall on a weekend). Early closes are not modelled: on those days
 * the "session" only makes quotes expire sooner than needed, never serves wrong data.
 */
public final class MarketHours {

    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);

    private MarketHours() {
    }

    /** Today's date where the market is: the day 0-DTE contracts expire. */
    public static LocalDate tradingDate(Instant now) {
        return now.atZone(NEW_YORK).toLocalDate();
    }

    public static boolean isOpen(Instant now) {
        ZonedDateTime ny = now.atZone(NEW_YORK);
        if (!isTradingDay(ny.toLocalDate())) {
            return false;
        }
        LocalTime t = ny.toLocalTime();
        return !t.isBefore(OPEN) && t.isBefore(CLOSE);
    }

    /** The next session open strictly after {@code now} (or now's session open if it is still ahead today). */
    public static Instant nextOpen(Instant now) {
        ZonedDateTime ny = now.atZone(NEW_YORK);
        LocalDate day = ny.toLocalDate();
        if (ny.toLocalTime().isBefore(OPEN) && isTradingDay(day)) {
            return day.atTime(OPEN).atZone(NEW_YORK).toInstant();
        }
        return nextTradingDay(day).atTime(OPEN).atZone(NEW_YORK).toInstant();
    }

    public static Instant closeOf(LocalDate day) {
        return day.atTime(CLOSE).atZone(NEW_YORK).toInstant();
    }

    /**
     * The latest session whose end-of-day data is out at {@code now}: today once {@code eodDelay} has passed after the
     * close, else the trading day before. What "previous close" and an end-of-day plan's newest bar mean.
     */
    public static LocalDate latestCompleteSession(Instant now, Duration eodDelay) {
        LocalDate today = tradingDate(now);
        if (isTradingDay(today) && !now.isBefore(closeOf(today).plus(eodDelay))) {
            return today;
        }
        return previousTradingDay(today);
    }

    /** When the session after {@code session} will have its end-of-day data out: how long a previous close is good. */
    public static Instant nextEndOfDay(LocalDate session, Duration eodDelay) {
        return closeOf(nextTradingDay(session)).plus(eodDelay);
    }

    public static boolean isTradingDay(LocalDate d) {
        DayOfWeek w = d.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !isHoliday(d);
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

    static boolean isHoliday(LocalDate d) {
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
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(y, Month.of(month), day);
    }
}
