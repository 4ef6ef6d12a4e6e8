package io.suite.marketdata.domain;

import java.util.Locale;

/**
 * An endpoint family as Massive entitles it: a market ({@code x-massive-entitlement-market-type}) and a data type
 * ({@code x-massive-entitlement-data-type}). A key is entitled to a family or not; what it learns about one endpoint
 * holds for every endpoint of the family ({@code stocks.trades} is {@code /v2/last/trade/{ticker}} for every ticker).
 */
public enum DataFamily {
    STOCKS_TRADES("stocks", Kind.TRADES),
    STOCKS_NBBO("stocks", Kind.NBBO),
    STOCKS_SNAPSHOTS("stocks", Kind.SNAPSHOTS),
    STOCKS_AGGREGATES("stocks", Kind.AGGREGATES),
    OPTIONS_SNAPSHOTS("options", Kind.SNAPSHOTS),
    OPTIONS_REFERENCE("options", Kind.REFERENCE),
    INDICES_SNAPSHOTS("indices", Kind.SNAPSHOTS),
    INDICES_AGGREGATES("indices", Kind.AGGREGATES),
    CRYPTO_TRADES("crypto", Kind.TRADES),
    CRYPTO_SNAPSHOTS("crypto", Kind.SNAPSHOTS),
    CRYPTO_AGGREGATES("crypto", Kind.AGGREGATES),
    FX_NBBO("fx", Kind.NBBO),
    FX_SNAPSHOTS("fx", Kind.SNAPSHOTS),
    FX_AGGREGATES("fx", Kind.AGGREGATES);

    /** Massive's data types, in the order its plans add them (Basic: aggregates and reference data). */
    public enum Kind {
        AGGREGATES,
        REFERENCE,
        SNAPSHOTS,
        TRADES,
        NBBO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String market;
    private final Kind kind;

    DataFamily(String market, Kind kind) {
        this.market = market;
        this.kind = kind;
    }

    public String market() {
        return market;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code stocks.trades}: the name in config, the database, health and metrics. */
    public String label() {
        return market + "." + kind.label();
    }

    public static DataFamily of(AssetClass market, Kind kind) {
        for (DataFamily f : values()) {
            if (f.market.equals(market.label()) && f.kind == kind) {
                return f;
            }
        }
        return null;
    }

    /** Null for a label that names no family. */
    public static DataFamily fromLabel(String label) {
        for (DataFamily f : values()) {
            if (f.label().equalsIgnoreCase(label)) {
                return f;
            }
        }
        return null;
    }
}
