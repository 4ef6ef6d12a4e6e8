package io.suite.sandbox.polygon;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.suite.sandbox.data.MarketData;
import io.suite.sandbox.data.TradingCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Option contracts per underlying and their snapshots. Expirations always include TODAY in
 * America/New_York (0-DTE), the next trading days for daily-expiry ETFs, weekly Fridays and monthly
 * third Fridays. Strikes are centred on the previous close, so they are stable for the whole day.
 */
@ApplicationScoped
public class OptionChain {

    public record Contract(String ticker, String underlying, String type, LocalDate expiration, BigDecimal strike) {
    }

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    @Inject
    MarketData market;

    /** @param underlying a stock ({@code SPY}) or an index ({@code I:SPX}, or {@code SPX} as contracts name it) */
    public List<Contract> contracts(String underlying, LocalDate today, boolean expired, long nowMillis) {
        MarketData.Ticker t = market.optionUnderlying(underlying);
        if (t == null) {
            return List.of();
        }
        underlying = t.symbol();
        TreeSet<LocalDate> exps = new TreeSet<>();
        if (expired) {
            LocalDate f = today.minusDays(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.FRIDAY));
            for (int i = 0; i < 4; i++) {
                exps.add(f.minusWeeks(i));
            }
        } else {
            exps.add(today);
            if (t.dailyOptions()) {
                LocalDate d = today;
                for (int i = 0; i < 5; i++) {
                    d = TradingCalendar.nextTradingDay(d);
                    exps.add(d);
                }
            }
            LocalDate friday = today.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
            for (int i = 0; i < 3; i++) {
                exps.add(friday.plusWeeks(i));
            }
            for (int m = 1; m <= 2; m++) {
                exps.add(today.plusMonths(m).withDayOfMonth(1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY)));
            }
        }
        double ref = market.closeOf(underlying, TradingCalendar.previousTradingDay(today), nowMillis);
        double step = t.strikeStep();
        double center = Math.round(ref / step) * step;
        int half = (int) Math.round(ref * 0.04 / step);
        List<Contract> out = new ArrayList<>();
        for (LocalDate e : exps) {
            // index options: the monthly third-Friday series is SPX, the dailies and weeklies SPXW
            String root = t.isStock() ? t.symbol()
                    : e.equals(e.with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY))) ? t.bare() : t.bare() + "W";
            for (int i = -half; i <= half; i++) {
                BigDecimal strike = MarketData.plain(BigDecimal.valueOf(center + i * step).setScale(2, RoundingMode.HALF_UP));
                for (String type : List.of("call", "put")) {
                    out.add(new Contract(ticker(root, e, type, strike), underlying, type, e, strike));
                }
            }
        }
        return out;
    }

    static String ticker(String underlying, LocalDate e, String type, BigDecimal strike) {
        long thousandths = strike.movePointRight(3).longValueExact();
        return "O:" + underlying + e.format(YYMMDD) + (type.equals("call") ? "C" : "P") + String.format("%08d", thousandths);
    }

    /** The snapshot object of one contract, shaped like {@code /v3/snapshot/options/{underlying}} results. */
    public Map<String, Object> snapshot(Contract c, long nowMillis, boolean paidPlan) {
        String u = c.underlying();
        long h = market.hash(c.ticker(), 7);
        double spot = market.lastPrice(u, nowMillis);
        double k = c.strike().doubleValue();
        long expiryMillis = TradingCalendar.closeMillis(c.expiration());
        double years = Math.max((expiryMillis - nowMillis) / (365.25 * 86_400_000.0), 0);
        double moneyness = Math.log(spot / k);
        double iv = 0.14 + 0.9 * moneyness * moneyness + (c.type().equals("put") ? 0.02 : 0) + 0.01 * Math.abs(market.noise(c.ticker(), 1));
        boolean call = c.type().equals("call");
        double value;
        double delta;
        double gamma;
        double theta;
        double vega;
        if (years <= 0) {
            value = Math.max(0, call ? spot - k : k - spot);
            delta = call ? (spot > k ? 1 : 0) : (spot < k ? -1 : 0);
            gamma = 0;
            theta = 0;
            vega = 0;
        } else {
            double sq = iv * Math.sqrt(years);
            double d1 = (moneyness + 0.5 * iv * iv * years) / sq;
            double d2 = d1 - sq;
            double pdf = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
            value = call ? spot * cdf(d1) - k * cdf(d2) : k * cdf(-d2) - spot * cdf(-d1);
            delta = call ? cdf(d1) : cdf(d1) - 1;
            gamma = pdf / (spot * sq);
            theta = -(spot * pdf * iv) / (2 * Math.sqrt(years)) / 365.0;
            vega = spot * pdf * Math.sqrt(years) / 100.0;
        }
        value = Math.max(value, 0.01);
        double halfSpread = Math.max(0.01, Math.round(value * 0.02 * 100) / 100.0);
        double bid = Math.max(0, value - halfSpread);
        double ask = value + halfSpread;
        double prevClose = value * (1 + 0.1 * market.noise(c.ticker(), 2));
        double open = prevClose * (1 + 0.05 * market.noise(c.ticker(), 3));
        double high = Math.max(Math.max(open, value), value * (1 + 0.04 * Math.abs(market.noise(c.ticker(), 4))));
        double low = Math.min(Math.min(open, value), value * (1 - 0.04 * Math.abs(market.noise(c.ticker(), 5))));
        long volume = Math.abs(h % 20_000);
        long nowNs = nowMillis * 1_000_000L;
        long dayNs = TradingCalendar.midnightMillis(Instant.ofEpochMilli(nowMillis).atZone(TradingCalendar.NEW_YORK).toLocalDate())
                * 1_000_000L;

        Map<String, Object> m = new LinkedHashMap<>();
        double breakEven = call ? k + ask : k - ask;
        m.put("break_even_price", MarketData.dec(breakEven, 4));
        Map<String, Object> day = new LinkedHashMap<>();
        day.put("change", MarketData.dec(value - prevClose, 4));
        day.put("change_percent", MarketData.dec((value - prevClose) / prevClose * 100, 4));
        day.put("close", MarketData.money(value));
        day.put("high", MarketData.money(high));
        day.put("last_updated", dayNs);
        day.put("low", MarketData.money(low));
        day.put("open", MarketData.money(open));
        day.put("previous_close", MarketData.money(prevClose));
        day.put("volume", volume);
        day.put("vwap", MarketData.dec((open + high + low + value) / 4, 4));
        m.put("day", day);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("contract_type", c.type());
        boolean index = !market.ticker(u).isStock();
        details.put("exercise_style", index ? "european" : "american");
        details.put("expiration_date", c.expiration().toString());
        details.put("shares_per_contract", 100);
        details.put("strike_price", c.strike());
        details.put("ticker", c.ticker());
        m.put("details", details);
        if (paidPlan) {
            m.put("fmv", MarketData.dec(value, 4));
        }
        boolean hasGreeks = Math.floorMod(h, 10) != 0 && years > 0;
        if (hasGreeks) {
            Map<String, Object> greeks = new LinkedHashMap<>();
            greeks.put("delta", MarketData.dec(delta, 6));
            greeks.put("gamma", MarketData.dec(gamma, 6));
            greeks.put("theta", MarketData.dec(theta, 6));
            greeks.put("vega", MarketData.dec(vega, 6));
            m.put("greeks", greeks);
            m.put("implied_volatility", MarketData.dec(iv, 6));
        }
        Map<String, Object> quote = new LinkedHashMap<>();
        quote.put("ask", MarketData.money(ask));
        quote.put("ask_size", 1 + Math.floorMod(h, 300));
        quote.put("bid", MarketData.money(bid));
        quote.put("bid_size", 1 + Math.floorMod(h / 7, 300));
        quote.put("last_updated", nowNs - Math.floorMod(h, 1_000_000_000L));
        quote.put("midpoint", MarketData.dec((bid + ask) / 2, 4));
        quote.put("timeframe", paidPlan ? "REAL-TIME" : "DELAYED");
        m.put("last_quote", quote);
        if (Math.floorMod(h / 3, 5) != 0) {
            Map<String, Object> trade = new LinkedHashMap<>();
            trade.put("price", MarketData.money(value));
            trade.put("sip_timestamp", nowNs - Math.floorMod(h, 60_000_000_000L));
            trade.put("size", 1 + Math.floorMod(h / 11, 50));
            trade.put("conditions", List.of(209));
            trade.put("exchange", 300 + Math.floorMod(h, 20));
            trade.put("timeframe", paidPlan ? "REAL-TIME" : "DELAYED");
            m.put("last_trade", trade);
        }
        m.put("open_interest", Math.floorMod(h / 13, 50_000));
        Map<String, Object> ua = new LinkedHashMap<>();
        ua.put("change_to_break_even", MarketData.dec(breakEven - spot, 4));
        ua.put("last_updated", nowNs);
        ua.put(index ? "value" : "price", MarketData.dec(spot, 4)); // an index has a value, not a price
        ua.put("ticker", u);
        ua.put("timeframe", paidPlan ? "REAL-TIME" : "DELAYED");
        m.put("underlying_asset", ua);
        return m;
    }

    public static Map<String, Object> reference(Contract c) {
        boolean index = c.underlying().startsWith("I:");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cfi", (c.type().equals("call") ? "OC" : "OP") + (index ? "ECPS" : "ASPS"));
        m.put("contract_type", c.type());
        m.put("exercise_style", index ? "european" : "american");
        m.put("expiration_date", c.expiration().toString());
        m.put("primary_exchange", index ? "XCBO" : "BATO");
        m.put("shares_per_contract", 100);
        m.put("strike_price", c.strike());
        m.put("ticker", c.ticker());
        m.put("underlying_ticker", index ? c.underlying().substring(2) : c.underlying());
        return m;
    }

    static double cdf(double x) {
        // Abramowitz-Stegun 7.1.26 via erf
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x / 2);
        return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
    }
}
