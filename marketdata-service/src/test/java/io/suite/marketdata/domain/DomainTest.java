package io.suite.marketdata.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tickers, market sessions, 0-DTE dates, cache keys and the records' invariants. */
class DomainTest {

    @Test
    void tickersAreCaseInsensitiveAndStrict() {
        assertThat(Ticker.of("spy").symbol()).isEqualTo("SPY");
        assertThat(Ticker.of("brk.b").symbol()).isEqualTo("BRK.B");
        assertThat(Ticker.of("BF-B").symbol()).isEqualTo("BF-B");
        assertThat(Ticker.of("ABCDEFGHIJ").symbol()).hasSize(10);
    }

    @Test
    void tickersOfEveryAssetClassTheApiServes() {
        assertThat(Ticker.of("i:spx").symbol()).isEqualTo("I:SPX");
        assertThat(Ticker.of("I:SPX").assetClass()).isEqualTo(AssetClass.INDICES);
        assertThat(Ticker.of("I:SPX").bare()).isEqualTo("SPX");
        assertThat(Ticker.of("X:BTCUSD").assetClass()).isEqualTo(AssetClass.CRYPTO);
        assertThat(Ticker.of("X:BTCUSD").pair()).containsExactly("BTC", "USD");
        assertThat(Ticker.of("X:ETHUSDT").pair()).containsExactly("ETH", "USDT");
        assertThat(Ticker.of("C:EURUSD").assetClass()).isEqualTo(AssetClass.FX);
        assertThat(Ticker.of("C:EURUSD").pair()).containsExactly("EUR", "USD");
        assertThat(Ticker.of("SPY").assetClass()).isEqualTo(AssetClass.STOCKS);
        assertThat(Ticker.of("SPY").pair()).isNull();
        assertThat(AssetClass.INDICES.hasOptions()).isTrue();
        assertThat(AssetClass.CRYPTO.hasOptions()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ABCDEFGHIJK", "SP Y", "SPY1", "O:SPY", "SPY/", "ÄPFEL", "I:", "X:BTC", "C:EURUSDX", "Z:ABC",
            "I:SPX:X", "C:EUR1SD" })
    void invalidTickersAreRejected(String raw) {
        assertThatThrownBy(() -> Ticker.of(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroDteDateIsTodayInNewYorkNotUtc() {
        // 02:30 UTC on the 20th is still the evening of the 19th in New York
        assertThat(MarketHours.tradingDate(Instant.parse("2024-01-20T02:30:00Z"))).isEqualTo(LocalDate.of(2024, 1, 19));
        assertThat(MarketHours.tradingDate(Instant.parse("2024-07-19T03:59:00Z"))).isEqualTo(LocalDate.of(2024, 7, 18));
        assertThat(MarketHours.tradingDate(Instant.parse("2024-07-19T04:00:00Z"))).isEqualTo(LocalDate.of(2024, 7, 19));
    }

    @Test
    void sessionIsNineThirtyToFourNewYorkTimeOnWeekdays() {
        assertThat(MarketHours.isOpen(Instant.parse("2024-01-19T14:30:00Z"))).isTrue(); // Fri 09:30 EST
        assertThat(MarketHours.isOpen(Instant.parse("2024-01-19T14:29:59Z"))).isFalse();
        assertThat(MarketHours.isOpen(Instant.parse("2024-01-19T20:59:59Z"))).isTrue();
        assertThat(MarketHours.isOpen(Instant.parse("2024-01-19T21:00:00Z"))).isFalse(); // 16:00 EST
        assertThat(MarketHours.isOpen(Instant.parse("2024-07-19T13:30:00Z"))).isTrue(); // 09:30 EDT
        assertThat(MarketHours.isOpen(Instant.parse("2024-01-20T15:00:00Z"))).isFalse(); // Saturday
    }

    @Test
    void nextOpenSkipsTheWeekend() {
        assertThat(MarketHours.nextOpen(Instant.parse("2024-01-19T21:00:00Z"))).isEqualTo(Instant.parse("2024-01-22T14:30:00Z"));
        assertThat(MarketHours.nextOpen(Instant.parse("2024-01-22T10:00:00Z"))).isEqualTo(Instant.parse("2024-01-22T14:30:00Z"));
        assertThat(MarketHours.nextOpen(Instant.parse("2024-01-22T15:00:00Z"))).isEqualTo(Instant.parse("2024-01-23T14:30:00Z"));
    }

    @Test
    void holidaysAreNoSessionsAndThePreviousCloseIsTheLastCompleteOne() {
        assertThat(MarketHours.isTradingDay(LocalDate.of(2024, 1, 15))).as("Martin Luther King Jr. Day").isFalse();
        assertThat(MarketHours.isTradingDay(LocalDate.of(2024, 3, 29))).as("Good Friday").isFalse();
        assertThat(MarketHours.isTradingDay(LocalDate.of(2026, 7, 3))).as("Independence Day observed").isFalse();
        assertThat(MarketHours.isOpen(Instant.parse("2024-01-15T15:00:00Z"))).isFalse();
        assertThat(MarketHours.nextOpen(Instant.parse("2024-01-12T21:00:00Z"))).isEqualTo(Instant.parse("2024-01-16T14:30:00Z"));
        Duration hour = Duration.ofHours(1);
        // Friday 10:00 and 16:30 New York: Thursday's close; from 17:00 on Friday's
        assertThat(MarketHours.latestCompleteSession(Instant.parse("2024-01-19T15:00:00Z"), hour)).isEqualTo(LocalDate.of(2024, 1, 18));
        assertThat(MarketHours.latestCompleteSession(Instant.parse("2024-01-19T21:30:00Z"), hour)).isEqualTo(LocalDate.of(2024, 1, 18));
        assertThat(MarketHours.latestCompleteSession(Instant.parse("2024-01-19T22:00:00Z"), hour)).isEqualTo(LocalDate.of(2024, 1, 19));
        // Tuesday after the long weekend: Friday's
        assertThat(MarketHours.latestCompleteSession(Instant.parse("2024-01-16T15:00:00Z"), hour)).isEqualTo(LocalDate.of(2024, 1, 12));
        assertThat(MarketHours.nextEndOfDay(LocalDate.of(2024, 1, 12), hour)).isEqualTo(Instant.parse("2024-01-16T22:00:00Z"));
    }

    @Test
    void plansDeclareFamiliesHistoryAndEndOfDay() {
        Plan basic = Plan.parse("basic", Optional.empty(), Optional.empty());
        assertThat(basic.includes(DataFamily.STOCKS_AGGREGATES)).isTrue();
        assertThat(basic.includes(DataFamily.OPTIONS_REFERENCE)).isTrue();
        assertThat(basic.includes(DataFamily.STOCKS_SNAPSHOTS)).isFalse();
        assertThat(basic.includes(DataFamily.STOCKS_TRADES)).isFalse();
        assertThat(basic.historyYears()).contains(2);
        assertThat(basic.endOfDay()).isTrue();
        Plan starter = Plan.parse("Starter", Optional.empty(), Optional.empty());
        assertThat(starter.includes(DataFamily.OPTIONS_SNAPSHOTS)).isTrue();
        assertThat(starter.includes(DataFamily.STOCKS_TRADES)).isFalse();
        assertThat(starter.endOfDay()).isFalse();
        assertThat(starter.realTime()).isFalse();
        Plan developer = Plan.parse("developer", Optional.empty(), Optional.empty());
        assertThat(developer.includes(DataFamily.STOCKS_TRADES)).isTrue();
        assertThat(developer.includes(DataFamily.STOCKS_NBBO)).isFalse();
        Plan advanced = Plan.parse("advanced", Optional.empty(), Optional.empty());
        assertThat(advanced.families()).containsExactlyInAnyOrder(DataFamily.values());
        assertThat(advanced.realTime()).isTrue();
        assertThat(advanced.historyYears()).contains(20);
        Plan custom = Plan.parse("stocks.aggregates, options.reference,stocks.trades", Optional.of(3), Optional.empty());
        assertThat(custom.families()).containsExactlyInAnyOrder(DataFamily.STOCKS_AGGREGATES, DataFamily.OPTIONS_REFERENCE,
                DataFamily.STOCKS_TRADES);
        assertThat(custom.endOfDay()).as("no snapshots: end-of-day").isTrue();
        assertThat(custom.historyYears()).contains(3);
        assertThatThrownBy(() -> Plan.parse("gold", Optional.empty(), Optional.empty()))
                .hasMessageContaining("POLYGON_PLAN").hasMessageContaining("gold");
    }

    @Test
    void barsAreCachedByBucketNotByRange() {
        Ticker spy = Ticker.of("SPY");
        List<CacheKey.BarsKey> years = BarBuckets.keys(spy, 1, Timespan.DAY, LocalDate.of(2015, 3, 4), LocalDate.of(2024, 6, 1), true);
        assertThat(years).hasSize(10);
        assertThat(years.get(0).asString()).isEqualTo("bars:SPY:1:day:2015-01-01:2015-12-31:true");
        assertThat(years.get(9).to()).isEqualTo(LocalDate.of(2024, 12, 31));
        // two ranges that differ by a day share every bucket
        assertThat(BarBuckets.keys(spy, 1, Timespan.DAY, LocalDate.of(2015, 3, 5), LocalDate.of(2024, 5, 31), true)).isEqualTo(years);
        List<CacheKey.BarsKey> weeks = BarBuckets.keys(spy, 5, Timespan.MINUTE, LocalDate.of(2024, 1, 17), LocalDate.of(2024, 1, 23), true);
        assertThat(weeks).extracting(CacheKey.BarsKey::from).containsExactly(LocalDate.of(2024, 1, 15), LocalDate.of(2024, 1, 22));
        assertThat(BarBuckets.bucketed(Timespan.MINUTE, 7)).as("7-minute bars do not tile a day").isFalse();
        assertThat(BarBuckets.bucketed(Timespan.DAY, 2)).isFalse();
        assertThat(BarBuckets.keys(spy, 2, Timespan.DAY, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 3, 1), true))
                .singleElement().satisfies(k -> assertThat(k.from()).isEqualTo(LocalDate.of(2024, 1, 2)));
        // stitching keeps each bar once and only those overlapping the range
        Bar dec29 = bar("2024-12-29T05:00:00Z");
        Bar jan5 = bar("2025-01-05T05:00:00Z");
        List<Bar> stitched = BarBuckets.stitch(List.of(List.of(dec29), List.of(dec29, jan5)), Timespan.WEEK, 1, MarketHours.NEW_YORK,
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 10));
        assertThat(stitched).containsExactly(dec29, jan5);
        assertThat(BarBuckets.stitch(List.of(List.of(dec29, jan5)), Timespan.DAY, 1, MarketHours.NEW_YORK, LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 1, 10))).containsExactly(jan5);
        assertThat(BarBuckets.zone(AssetClass.CRYPTO)).isEqualTo(ZoneOffset.UTC);
    }

    private static Bar bar(String start) {
        return new Bar(Instant.parse(start), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, null, null);
    }

    @Test
    void cacheKeysRoundTrip() {
        List<CacheKey> keys = List.of(new CacheKey.QuoteKey(Ticker.of("spy")),
                new CacheKey.ChainKey(Ticker.of("SPY"), LocalDate.of(2024, 1, 19), LocalDate.of(2024, 1, 19), ContractType.CALL,
                        new BigDecimal("450.50"), null),
                new CacheKey.ChainKey(Ticker.of("SPY"), null, null, null, null, null),
                new CacheKey.BarsKey(Ticker.of("AAPL"), 5, Timespan.MINUTE, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), false),
                new CacheKey.QuoteKey(Ticker.of("I:SPX")),
                new CacheKey.ChainKey(Ticker.of("I:SPX"), LocalDate.of(2024, 1, 19), null, ContractType.PUT, null, new BigDecimal("4800")),
                new CacheKey.BarsKey(Ticker.of("X:BTCUSD"), 1, Timespan.DAY, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), true));
        for (CacheKey k : keys) {
            assertThat(CacheKey.parse(k.asString()).asString()).isEqualTo(k.asString());
        }
        assertThat(CacheKey.parse("quote:spy")).isEqualTo(keys.get(0));
        assertThat(CacheKey.parse(keys.get(3).asString())).isEqualTo(keys.get(3));
        assertThat(CacheKey.parse("quote:I:SPX")).isEqualTo(keys.get(4));
        assertThat(CacheKey.parse(keys.get(5).asString())).isEqualTo(keys.get(5));
        assertThat(CacheKey.parse(keys.get(6).asString())).isEqualTo(keys.get(6));
        assertThat(keys.get(0).asString()).isEqualTo("quote:SPY");
        assertThat(keys.get(1).asString()).isEqualTo("options:SPY:2024-01-19:2024-01-19:call:450.5:*");
        assertThatThrownBy(() -> CacheKey.parse("quote:SPY:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheKey.parse("bars:SPY:1:fortnight:2024-01-01:2024-01-02:true"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheKey.parse("secrets:all")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsRejectImpossibleData() {
        Instant t = Instant.parse("2024-01-19T15:00:00Z");
        assertThatThrownBy(() -> new Bar(t, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE, null, null))
                .hasMessageContaining("below low");
        assertThatThrownBy(
                () -> new Bar(t, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-1"), null, null))
                .hasMessageContaining("volume");
        assertThatThrownBy(() -> new Quote("SPY", null, QuoteSource.NBBO, false, null, null, null, null, null, null))
                .hasMessageContaining("no price, trade, bid/ask or bar");
        assertThatThrownBy(() -> new Quote.Trade(new BigDecimal("-0.01"), BigDecimal.ONE, 4, null, t)).hasMessageContaining("price");
        assertThatThrownBy(() -> contract(BigDecimal.ZERO, null, null)).hasMessageContaining("strike");
        assertThatThrownBy(() -> new OptionContract("O:X", "X", null, null, LocalDate.now(), BigDecimal.TEN, null, null, null,
                null, null, null, null, null, null, null, null, null, null)).hasMessageContaining("contract_type");
    }

    @Test
    void midIsComputedExactlyWhenTheUpstreamOmitsIt() {
        assertThat(contract(BigDecimal.TEN, new BigDecimal("1.05"), new BigDecimal("1.10")).mid()).isEqualByComparingTo("1.075");
        assertThat(contract(BigDecimal.TEN, new BigDecimal("1.05"), new BigDecimal("1.10")).mid().toPlainString()).isEqualTo("1.075");
        assertThat(contract(BigDecimal.TEN, null, new BigDecimal("1.10")).mid()).isNull();
    }

    private static OptionContract contract(BigDecimal strike, BigDecimal bid, BigDecimal ask) {
        return new OptionContract("O:SPY240119C00450000", "SPY", ContractType.CALL, "american", LocalDate.of(2024, 1, 19), strike,
                100, bid, ask, null, null, null, null, null, null, null, null, null, null);
    }
}
