package io.suite.marketdata.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

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

    @ParameterizedTest
    @ValueSource(strings = { "", "ABCDEFGHIJK", "SP Y", "SPY1", "O:SPY", "SPY/", "ÄPFEL" })
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
    void cacheKeysRoundTrip() {
        List<CacheKey> keys = List.of(new CacheKey.QuoteKey(Ticker.of("spy")),
                new CacheKey.ChainKey(Ticker.of("SPY"), LocalDate.of(2024, 1, 19), LocalDate.of(2024, 1, 19), ContractType.CALL,
                        new BigDecimal("450.50"), null),
                new CacheKey.ChainKey(Ticker.of("SPY"), null, null, null, null, null),
                new CacheKey.BarsKey(Ticker.of("AAPL"), 5, Timespan.MINUTE, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), false));
        for (CacheKey k : keys) {
            assertThat(CacheKey.parse(k.asString()).asString()).isEqualTo(k.asString());
        }
        assertThat(CacheKey.parse("quote:spy")).isEqualTo(keys.get(0));
        assertThat(CacheKey.parse(keys.get(3).asString())).isEqualTo(keys.get(3));
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
        assertThatThrownBy(() -> new Bar(t, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-1"), null, null))
                .hasMessageContaining("volume");
        assertThatThrownBy(() -> new Quote("SPY", null, null)).hasMessageContaining("neither");
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
