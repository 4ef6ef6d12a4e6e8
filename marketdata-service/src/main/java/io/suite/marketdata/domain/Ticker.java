package io.suite.marketdata.domain;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A ticker as Polygon spells it, with its asset class: stocks {@code SPY} or {@code BRK.B} (1–10 of A–Z, '.', '-'),
 * indices {@code I:SPX}, crypto pairs {@code X:BTCUSD}, currency pairs {@code C:EURUSD}. Accepted in any case.
 */
public record Ticker(String symbol) {

    private static final Pattern STOCK = Pattern.compile("[A-Z.\\-]{1,10}");
    private static final Pattern INDEX = Pattern.compile("I:[A-Z0-9.\\-]{1,12}");
    private static final Pattern CRYPTO = Pattern.compile("X:[A-Z0-9]{4,16}");
    private static final Pattern FX = Pattern.compile("C:[A-Z]{6}");
    /** Quote currencies of crypto pairs, longest first, to split {@code X:BTCUSDT} into BTC and USDT. */
    private static final List<String> CRYPTO_QUOTES = List.of("USDT", "USDC", "USD", "EUR", "GBP", "JPY", "CAD", "AUD",
            "BTC", "ETH");

    public Ticker {
        if (symbol == null || !(STOCK.matcher(symbol).matches() || INDEX.matcher(symbol).matches()
                || CRYPTO.matcher(symbol).matches() || FX.matcher(symbol).matches())) {
            throw new IllegalArgumentException("must be a stock ticker (1 to 10 of A-Z, '.' or '-'), an index (I:SPX), "
                    + "a crypto pair (X:BTCUSD) or a currency pair (C:EURUSD)");
        }
    }

    /** Normalises case first, so user input like {@code brk.b} or {@code i:spx} works; anything else invalid is rejected. */
    public static Ticker of(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("is required");
        }
        return new Ticker(raw.strip().toUpperCase(Locale.ROOT));
    }

    public AssetClass assetClass() {
        if (symbol.length() > 2 && symbol.charAt(1) == ':') {
            return switch (symbol.charAt(0)) {
                case 'I' -> AssetClass.INDICES;
                case 'X' -> AssetClass.CRYPTO;
                default -> AssetClass.FX;
            };
        }
        return AssetClass.STOCKS;
    }

    /** The symbol without its class prefix: {@code SPX} for {@code I:SPX} (how option contracts name their underlying). */
    public String bare() {
        return symbol.substring(assetClass().prefix().length());
    }

    /**
     * The two currencies of a crypto or forex pair ({@code BTC}, {@code USD}), as the pair endpoints take them; null
     * when the pair's quote currency is not one we can tell apart.
     */
    public String[] pair() {
        String s = bare();
        if (assetClass() == AssetClass.FX) {
            return new String[] { s.substring(0, 3), s.substring(3) };
        }
        if (assetClass() == AssetClass.CRYPTO) {
            for (String quote : CRYPTO_QUOTES) {
                if (s.length() > quote.length() && s.endsWith(quote)) {
                    return new String[] { s.substring(0, s.length() - quote.length()), quote };
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
