package io.suite.marketdata.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;

/** The weigher's bytes per bar, contract and quote stay within 25 % of what JOL measures on realistic values. */
class CacheWeigherTest {

    private static final int N = 2_000;

    static {
        // records' fields have no Unsafe offset on JDK 17: JOL finds them its other way
        System.setProperty("jol.magicFieldOffset", "true");
    }

    @Test
    void aBarWeighsWhatItTakesOnTheHeap() {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            // values as Polygon sends them: 4-decimal prices, fractional volumes, a trade count
            bars.add(new Bar(Instant.ofEpochMilli(1_705_554_000_000L + i * 60_000L), new BigDecimal("471.5032"),
                    new BigDecimal("472.5064").add(BigDecimal.valueOf(i, 4)), new BigDecimal("470.4489"), new BigDecimal("471.4604"),
                    new BigDecimal("642646.396").add(BigDecimal.valueOf(i)), new BigDecimal("471.469"), 82_132L + i));
        }
        BarSeries series = new BarSeries(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), bars);
        double measured = (double) GraphLayout.parseInstance(series).totalSize() / N;
        assertThat((double) CacheWeigher.BAR_BYTES).isBetween(measured * 0.75, measured * 1.25);
        assertThat(CacheWeigher.bytes("bars:SPY:1:minute:2024-01-15:2024-01-21:true", series))
                .isGreaterThan(N * CacheWeigher.BAR_BYTES);
    }

    @Test
    void anOptionContractWeighsWhatItTakesOnTheHeap() {
        List<OptionContract> contracts = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            BigDecimal strike = BigDecimal.valueOf(400 + i);
            contracts.add(new OptionContract("O:SPY240119C00" + (400 + i) + "000", "SPY", ContractType.CALL, "american",
                    LocalDate.of(2024, 1, 19), strike, 100, new BigDecimal("28.9"), new BigDecimal("29.25"), null,
                    new BigDecimal("294"), new BigDecimal("209"), new BigDecimal("29.25"), 8L + i, 8_133L + i,
                    new BigDecimal("0.3570277203465058"), new OptionContract.Greeks(new BigDecimal("0.6436614934293701"),
                            new BigDecimal("0.0061735291012820675"), new BigDecimal("-0.028227189324641973"),
                            new BigDecimal("0.6381159723175714")),
                    new BigDecimal("179.075"), Instant.ofEpochSecond(1651254260L, 800059648L)));
        }
        OptionChain chain = new OptionChain(contracts, OptionChain.Source.SNAPSHOT, false);
        double measured = (double) GraphLayout.parseInstance(chain).totalSize() / N;
        assertThat((double) CacheWeigher.CONTRACT_BYTES).isBetween(measured * 0.75, measured * 1.25);
    }

    @Test
    void aQuoteWeighsWhatItTakesOnTheHeap() {
        Instant t = Instant.ofEpochSecond(1651179319L, 310617300L);
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            quotes.add(new Quote("SPY" + (char) ('A' + i % 26), null, null, false, null,
                    new Quote.Trade(new BigDecimal("166.25"), new BigDecimal("2"), 4, List.of(12, 37), t.plusMillis(i)),
                    new Quote.Nbbo(new BigDecimal("155.65"), new BigDecimal("1"), 19, new BigDecimal("155.66"), new BigDecimal("14"),
                            11, t.plusNanos(i)),
                    null, null, List.of()));
        }
        double measured = (double) GraphLayout.parseInstance(quotes).totalSize() / N;
        assertThat((double) CacheWeigher.QUOTE_BYTES).isBetween(measured * 0.75, measured * 1.25);
    }
}
