package io.suite.marketdata.domain;

import java.util.Locale;

/**
 * The markets Polygon/Massive serves, told apart by the ticker's prefix: stocks {@code SPY}, indices {@code I:SPX},
 * crypto {@code X:BTCUSD}, forex {@code C:EURUSD}. Each has its own endpoints and its own entitlements.
 */
public enum AssetClass {
    STOCKS(""),
    INDICES("I:"),
    CRYPTO("X:"),
    FX("C:");

    private final String prefix;

    AssetClass(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The market's name in Massive's entitlement tags ({@code x-massive-entitlement-market-type}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Option chains exist for stock and index underlyings only. */
    public boolean hasOptions() {
        return this == STOCKS || this == INDICES;
    }
}
