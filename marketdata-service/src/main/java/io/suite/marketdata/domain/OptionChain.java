package io.suite.marketdata.domain;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Every contract the upstream returned for one {@link CacheKey.ChainKey}, all pages stitched. {@code source} says
 * whether prices, greeks and volume came with it (the options snapshot) or only the contracts' terms (reference data,
 * on plans without the snapshot); {@code delayed} is true when the snapshot is 15 minutes behind.
 */
public record OptionChain(List<OptionContract> contracts, Source source, boolean delayed) {

    public enum Source {
        SNAPSHOT,
        REFERENCE;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Source fromLabel(String label) {
            return label == null ? null : valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public OptionChain {
        contracts = List.copyOf(contracts);
        if (source == null) { // cached before reference chains existed
            source = Source.SNAPSHOT;
        }
    }
}
