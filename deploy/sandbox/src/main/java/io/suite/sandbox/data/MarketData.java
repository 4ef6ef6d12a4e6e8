package io.suite.sandbox.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.suite.sandbox.config.SandboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seeded, deterministic prices: each ticker's price is a smooth function of time plus per-minute
 * noise derived from the seed, so bars of every timespan, trades, quotes and snapshots agree.
 */
@ApplicationScoped
public class MarketData {

    /**
     * A seeded ticker. {@code market} is stocks, indices ({@code I:SPX}: values, no trades), crypto ({@code X:BTCUSD}) or
     * fx ({@code C:EURUSD}); option chains exist for stocks and indices (strike step &gt; 0).
     */
    public record Ticker(String symbol, double basePrice, double spread, int tape, int exchange, boolean dailyOptions, double strikeStep,
            String market) {

        public boolean isStock() {
            return market.equals("stocks");
        }

        /** The symbol without its class prefix: how option contracts name an index underlying ({@code SPX}). */
        public String bare() {
            int colon = symbol.indexOf(':');
            return colon < 0 ? symbol : symbol.substring(colon + 1);
        }
    }

    private static final long DAY_MS = 86_400_000L;
    private static final long REF_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z, where prices equal the base

    private final long seed;
    private final Map<String, Ticker> tickers = new LinkedHashMap<>();

    @Inject
    public MarketData(SandboxConfig config) {
        this.seed = config.seed();
        Random r = new Random(seed);
        add(r, "SPY", 580, 0.01, 2, 12, true, 1);
        add(r, "QQQ", 505, 0.01, 3, 12, true, 1);
        add(r, "IWM", 222, 0.01, 2, 12, false, 1);
        add(r, "AAPL", 232, 0.01, 3, 4, false, 2.5);
        add(r, "MSFT", 425, 0.02, 3, 4, false, 5);
        add(r, "NVDA", 136, 0.01, 3, 4, false, 1);
        add(r, "TSLA", 252, 0.02, 3, 4, false, 2.5);
        add(r, "AMZN", 205, 0.01, 3, 4, false, 2.5);
        // other asset classes: index values (SPX has daily 0-DTE options), a crypto and a currency pair
        add(r, "I:SPX", 5800, 0, 0, 0, true, 5, "indices");
        add(r, "I:NDX", 20500, 0, 0, 0, false, 25, "indices");
        add(r, "X:BTCUSD", 95000, 1, 0, 1, false, 0, "crypto");
        add(r, "X:ETHUSD", 3400, 0.1, 0, 1, false, 0, "crypto");
        add(r, "C:EURUSD", 1.05, 0.0001, 0, 48, false, 0, "fx");
    }

    private void add(Random r, String sym, double price, double spread, int tape, int exchange, boolean daily, double step) {
        add(r, sym, price, spread, tape, exchange, daily, step, "stocks");
    }

    private void add(Random r, String sym, double price, double spread, int tape, int exchange, boolean daily, double step, String market) {
        tickers.put(sym, new Ticker(sym, price * (0.95 + 0.1 * r.nextDouble()), spread, tape, exchange, daily, step, market));
    }

    /** Stock tickers only: what the stock endpoints (last trade, NBBO, grouped daily, ...) know. */
    public List<String> stockSymbols() {
        return tickers.values().stream().filter(Ticker::isStock).map(Ticker::symbol).toList();
    }

    /** The ticker whose option contracts name {@code underlying} (SPX → I:SPX), or null. */
    public Ticker optionUnderlying(String underlying) {
        Ticker t = tickers.get(underlying);
        if (t == null) {
            t = tickers.values().stream().filter(x -> x.market().equals("indices") && x.bare().equals(underlying)).findFirst().orElse(null);
        }
        return t == null || t.strikeStep() <= 0 ? null : t;
    }

    public Set<String> symbols() {
        return tickers.keySet();
    }

    public Ticker ticker(String symbol) {
        return tickers.get(symbol);
    }

    /** A deterministic value in [-1, 1) for (ticker, slot). */
    public double noise(String symbol, long slot) {
        long h = seed * 0x9E3779B97F4A7C15L ^ symbol.hashCode() * 0xC2B2AE3D27D4EB4FL ^ slot * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return ((h >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    public long hash(String symbol, long slot) {
        return (long) ((noise(symbol, slot) + 1) * 1_000_000_000L);
    }

    /** Price at an instant (ms). */
    public double price(String symbol, long millis) {
        Ticker t = tickers.get(symbol);
        double years = (millis - REF_MS) / (365.25 * DAY_MS);
        long minute = Math.floorDiv(millis, 60_000L);
        double frac = (millis % 60_000L) / 60_000.0;
        double n = noise(symbol, minute) * (1 - frac) + noise(symbol, minute + 1) * frac;
        double x = 0.09 * years
                + 0.03 * Math.sin(2 * Math.PI * millis / (23.0 * DAY_MS) + symbol.length())
                + 0.008 * Math.sin(2 * Math.PI * millis / (0.9 * DAY_MS))
                + 0.0015 * n;
        return t.basePrice() * Math.exp(x);
    }

    /** Price at the close of a trading day (or now, if the session is still running). */
    public double closeOf(String symbol, LocalDate day, long nowMillis) {
        return price(symbol, Math.min(TradingCalendar.closeMillis(day) - 1, nowMillis));
    }

    /** The last price at or before now: during the session the live price, else the last close. */
    public double lastPrice(String symbol, long nowMillis) {
        return price(symbol, lastTradeMillis(nowMillis));
    }

    /** The instant of the last trade of {@code symbol}: crypto and forex trade around the clock. */
    public long lastTradeMillis(String symbol, long nowMillis) {
        Ticker t = tickers.get(symbol);
        return t != null && (t.market().equals("crypto") || t.market().equals("fx")) ? nowMillis : lastTradeMillis(nowMillis);
    }

    /** The instant of the last trade: now during the session, else the last session's close. */
    public long lastTradeMillis(long nowMillis) {
        LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(TradingCalendar.NEW_YORK).toLocalDate();
        if (TradingCalendar.isTradingDay(today) && nowMillis >= TradingCalendar.openMillis(today)) {
            return Math.min(nowMillis, TradingCalendar.closeMillis(today) - 1);
        }
        return TradingCalendar.closeMillis(TradingCalendar.previousTradingDay(today)) - 1;
    }

    public static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    public static BigDecimal dec(double v, int scale) {
        return plain(BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP));
    }

    /** Trailing zeros stripped, but never in exponent form (2.4E+2 would reach the JSON as such). */
    public static BigDecimal plain(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
