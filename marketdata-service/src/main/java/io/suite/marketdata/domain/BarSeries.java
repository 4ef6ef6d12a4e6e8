package io.suite.marketdata.domain;

import java.util.List;

/** The bars of one {@link CacheKey.BarsKey}, all upstream pages stitched, oldest first. */
public record BarSeries(List<Bar> bars) {

    public BarSeries {
        bars = List.copyOf(bars);
    }
}
