package io.suite.marketdata.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * Bars of one ticker and bar size, oldest first, all upstream pages stitched; {@code from}..{@code to} is the span of
 * days the upstream was asked for (both inclusive), so a cached bucket knows which requests it can answer.
 */
public record BarSeries(LocalDate from, LocalDate to, List<Bar> bars) {

    public BarSeries {
        bars = List.copyOf(bars);
    }

    /** True when this series was fetched for at least the days {@code first}..{@code last}. */
    public boolean covers(LocalDate first, LocalDate last) {
        return from != null && to != null && !from.isAfter(first) && !to.isBefore(last);
    }
}
