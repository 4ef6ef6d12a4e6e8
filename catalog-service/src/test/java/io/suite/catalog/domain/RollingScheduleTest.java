package io.suite.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Story 2: "Refresh respects rolling schedule - distributes refreshes across 24-hour period". */
class RollingScheduleTest {

    static final Duration DAY = Duration.ofHours(24);

    @Test
    void productsImportedTogetherAreSpreadEvenlyOverTheDay() {
        Instant importedAt = Instant.parse("2026-11-22T09:00:00Z");
        int[] perHour = new int[24];
        int n = 24_000;
        for (int i = 0; i < n; i++) {
            String asin = String.format("B%09d", i);
            Instant due = RollingSchedule.nextDue(importedAt, RollingSchedule.slot(asin, "www.amazon.com"), DAY);
            perHour[due.atZone(ZoneOffset.UTC).getHour()]++;
        }
        for (int h = 0; h < 24; h++) {
            // 1,000 expected per hour; a uniform spread stays well within ±15 %
            assertThat(perHour[h]).as("refreshes due in hour %d", h).isBetween(850, 1150);
        }
    }

    @Test
    void aProductIsDueBetweenHalfAndOneAndAHalfIntervalsAfterItsRefresh() {
        Instant refreshed = Instant.parse("2026-11-22T09:17:03Z");
        for (int slot = 0; slot < RollingSchedule.SLOTS; slot += 997) {
            Instant due = RollingSchedule.nextDue(refreshed, slot, DAY);
            assertThat(due).isAfter(refreshed.plus(Duration.ofHours(12))).isBeforeOrEqualTo(refreshed.plus(Duration.ofHours(36)));
            assertThat(due.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay()).isEqualTo(slot);
        }
    }

    @Test
    void inTheSteadyStateEachRefreshIsDueTwentyFourHoursAfterTheLast() {
        int slot = RollingSchedule.slot("B08DQQ8CBP", "www.amazon.com");
        Instant due = RollingSchedule.nextDue(Instant.parse("2026-11-22T00:00:00Z"), slot, DAY);
        for (int day = 0; day < 5; day++) {
            // the hourly worker picks it up within the hour after it is due
            Instant refreshedAt = due.plus(Duration.ofMinutes(40));
            Instant next = RollingSchedule.nextDue(refreshedAt, slot, DAY);
            assertThat(Duration.between(due, next)).isEqualTo(DAY);
            due = next;
        }
    }

    @Test
    void theSlotIsStablePerProductAndMarketplace() {
        assertThat(RollingSchedule.slot("B08DQQ8CBP", "www.amazon.com")).isEqualTo(RollingSchedule.slot("B08DQQ8CBP", "www.amazon.com"))
                .isBetween(0, RollingSchedule.SLOTS - 1);
        assertThat(RollingSchedule.slot("B08DQQ8CBP", "www.amazon.com")).isNotEqualTo(RollingSchedule.slot("B08DQQ8CBP", "www.amazon.de"));
    }
}
