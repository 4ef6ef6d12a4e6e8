package io.suite.marketdata.domain;

import java.util.List;

/** Every contract the upstream returned for one {@link CacheKey.ChainKey}, all pages stitched. */
public record OptionChain(List<OptionContract> contracts) {

    public OptionChain {
        contracts = List.copyOf(contracts);
    }
}
