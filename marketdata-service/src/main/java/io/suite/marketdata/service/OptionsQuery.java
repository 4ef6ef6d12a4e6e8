package io.suite.marketdata.service;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.Ticker;

/** A validated option-chain request: expiration range (both ends inclusive), filters, and the page wanted. */
public record OptionsQuery(Ticker ticker, LocalDate expirationFrom, LocalDate expirationTo, boolean zeroDte,
        ContractType contractType, BigDecimal strikeMin, BigDecimal strikeMax, Long minVolume, Long minOpenInterest,
        int limit, ChainCursor after) {

    /** Keyset position in the chain's order (expiration, strike, ticker): opaque to clients as next_token. */
    public record ChainCursor(LocalDate expiration, BigDecimal strike, String ticker) {
    }
}
