package io.suite.marketdata.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * US equity regular session: 09:30–16:00 America/New_York, Monday to Friday. Exchange holidays are not modelled:
 * on a holiday the "session" merely makes quotes expire sooner than needed, never serves wrong data.
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
        if (isWeekend(ny.toLocalDate())) {
            return false;
        }
        LocalTime t = ny.toLocalTime();
        return !t.isBefore(OPEN) && t.isBefore(CLOSE);
    }

    /** The next session open strictly after {@code now} (or now's session open if it is still ahead today). */
    public static Instant nextOpen(Instant now) {
        ZonedDateTime ny = now.atZone(NEW_YORK);
        LocalDate day = ny.toLocalDate();
        if (ny.toLocalTime().isBefore(OPEN) && !isWeekend(day)) {
            return day.atTime(OPEN).atZone(NEW_YORK).toInstant();
        }
        do {
            day = day.plusDays(1);
        } while (isWeekend(day));
        return day.atTime(OPEN).atZone(NEW_YORK).toInstant();
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
