package io.suite.marketdata.service;

import java.time.LocalDate;
import java.util.List;

import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.OptionContract;

/** One page of a filtered chain; {@code next} is null on the last page. Source and delay are the whole chain's. */
public record ChainPage(List<OptionContract> contracts, int matching, OptionsQuery.ChainCursor next,
        LocalDate expirationFrom, LocalDate expirationTo, OptionChain.Source source, boolean delayed, Cached<?> cache) {
}
