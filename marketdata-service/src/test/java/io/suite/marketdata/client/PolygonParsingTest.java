package io.suite.marketdata.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.testing.Polygon;

/** Parsing the real captured Polygon replies: exact decimals, nanosecond and millisecond timestamps, absent fields. */
class PolygonParsingTest {

    @Test
    void lastTradeKeepsExactPricesAndNanoseconds() {
        Quote.Trade trade = PolygonClient.trade(Polygon.fixture("last_trade_AAPL.json"));
        assertThat(trade.price().toPlainString()).isEqualTo("166.25");
        assertThat(trade.size()).isEqualByComparingTo("2");
        assertThat(trade.exchange()).isEqualTo(4);
        assertThat(trade.conditions()).containsExactly(12, 37);
        // 1651179319310617300 ns: every digit survives (a double would lose the last ones)
        assertThat(trade.timestamp()).isEqualTo(Instant.ofEpochSecond(1651179319L, 310617300L));
    }

    @Test
    void nbboHasBothSides() {
        Quote.Nbbo nbbo = PolygonClient.nbbo(Polygon.fixture("last_nbbo_AAPL.json"));
        assertThat(nbbo.bidPrice().toPlainString()).isEqualTo("155.65");
        assertThat(nbbo.askPrice().toPlainString()).isEqualTo("155.66");
        assertThat(nbbo.askSize()).isEqualByComparingTo("14");
        assertThat(nbbo.bidExchange()).isEqualTo(19);
        assertThat(nbbo.timestamp()).isEqualTo(Instant.ofEpochSecond(1652192754L, 171838500L));
    }

    @Test
    void optionSnapshotWithEveryOptionalField() {
        var root = PolygonClient.parse(Polygon.fixture("options_snapshot_AAPL.json"));
        OptionContract c = PolygonClient.contract("AAPL", root.path("results").get(0));
        assertThat(c.ticker()).isEqualTo("O:AAPL230616C00150000");
        assertThat(c.contractType()).isEqualTo(ContractType.CALL);
        assertThat(c.strike()).isEqualByComparingTo("150");
        assertThat(c.bid().toPlainString()).isEqualTo("28.9");
        assertThat(c.mid().toPlainString()).isEqualTo("29.075");
        assertThat(c.last().toPlainString()).isEqualTo("29.25");
        assertThat(c.volume()).isEqualTo(8L);
        assertThat(c.openInterest()).isEqualTo(8133L);
        assertThat(c.impliedVolatility().toPlainString()).isEqualTo("0.3570277203465058");
        assertThat(c.greeks().theta().toPlainString()).isEqualTo("-0.028227189324641973");
        assertThat(c.updatedAt()).isEqualTo(Instant.ofEpochSecond(1651254260L, 800059648L));
    }

    @Test
    void optionalFieldsAbsentOnLowerPlansBecomeNull() {
        String lowerPlan = """
                {"details":{"contract_type":"put","exercise_style":"american","expiration_date":"2024-01-19",
                 "shares_per_contract":100,"strike_price":450,"ticker":"O:SPY240119P00450000"},
                 "day":{"volume":3,"last_updated":1705675200000000000},"open_interest":12,
                 "underlying_asset":{"ticker":"SPY"}}""";
        OptionContract c = PolygonClient.contract("SPY", PolygonClient.parse(lowerPlan));
        assertThat(c.greeks()).isNull();
        assertThat(c.impliedVolatility()).isNull();
        assertThat(c.bid()).isNull();
        assertThat(c.mid()).isNull();
        assertThat(c.last()).isNull();
        assertThat(c.volume()).isEqualTo(3L);
        assertThat(c.updatedAt()).isEqualTo(Instant.ofEpochSecond(1705675200L));
    }

    @Test
    void incompleteContractsAreSkippedNotFatal() {
        assertThat(PolygonClient.contract("SPY", PolygonClient.parse("{\"details\":{\"ticker\":\"O:X\"}}"))).isNull();
    }

    @Test
    void aggregatesAreMillisecondsAndDecimals() {
        var root = PolygonClient.parse(Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"));
        Bar bar = PolygonClient.bar(root.path("results").get(0));
        assertThat(bar.start()).isEqualTo(Instant.ofEpochMilli(1112331600000L));
        assertThat(bar.open().toPlainString()).isEqualTo("1.5032");
        assertThat(bar.volume()).isEqualByComparingTo("642646396");
        assertThat(bar.transactions()).isEqualTo(82132L);
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        assertThat(PolygonClient.validKey("abcDEF123_x")).isEqualTo("abcDEF123_x");
        for (String bad : new String[] { null, "", "  ", "abc def", "abc\n" }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolygonClient.validKey(bad))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("POLYGON_API_KEY")
                    .satisfies(e -> {
                        if (bad != null && !bad.isBlank()) {
                            assertThat(e.getMessage()).doesNotContain(bad.strip());
                        }
                    });
        }
    }

    @Test
    void nextUrlIsTakenApartAndNeverKeepsAKey() {
        NextUrl url = NextUrl.parse("https://api.massive.com/v3/snapshot/options/AAPL?cursor=YXA9JTdC%3D%3D&apiKey=leaked", "/polygon");
        assertThat(url.segments()).containsExactly("v3", "snapshot", "options", "AAPL");
        assertThat(url.query()).containsEntry("cursor", "YXA9JTdC==").doesNotContainKey("apiKey");
        NextUrl sandbox = NextUrl.parse("http://127.0.0.1:8090/polygon/v2/aggs/ticker/AAPL/range/1/day/1112587200000/2005-04-04?cursor=x",
                "/polygon");
        assertThat(sandbox.startsWith("v2", "aggs", "ticker")).isTrue();
        assertThat(sandbox.segments()).hasSize(9);
    }
}
