package io.suite.marketdata.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.QuoteSource;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.testing.Polygon;
import io.suite.resilience.json.SuiteJson;

/**
 * Mapping the real captured Polygon replies (bound to their {@link PolygonReplies} records by a mapper configured like
 * the managed one): exact decimals, nanosecond and millisecond timestamps, absent fields.
 */
class PolygonMapperTest {

    private static final ObjectMapper JSON = SuiteJson.newMapper();

    private static <T> T read(String body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void lastTradeKeepsExactPricesAndNanoseconds() {
        Quote.Trade trade = PolygonMapper.trade(read(Polygon.fixture("last_trade_AAPL.json"), PolygonReplies.LastTrade.class));
        assertThat(trade.price().toPlainString()).isEqualTo("166.25");
        assertThat(trade.size()).isEqualByComparingTo("2");
        assertThat(trade.exchange()).isEqualTo(4);
        assertThat(trade.conditions()).containsExactly(12, 37);
        // 1651179319310617300 ns: every digit survives (a double would lose the last ones)
        assertThat(trade.timestamp()).isEqualTo(Instant.ofEpochSecond(1651179319L, 310617300L));
    }

    @Test
    void nbboHasBothSides() {
        Quote.Nbbo nbbo = PolygonMapper.nbbo(read(Polygon.fixture("last_nbbo_AAPL.json"), PolygonReplies.LastNbbo.class));
        assertThat(nbbo.bidPrice().toPlainString()).isEqualTo("155.65");
        assertThat(nbbo.askPrice().toPlainString()).isEqualTo("155.66");
        assertThat(nbbo.askSize()).isEqualByComparingTo("14");
        assertThat(nbbo.bidExchange()).isEqualTo(19);
        assertThat(nbbo.timestamp()).isEqualTo(Instant.ofEpochSecond(1652192754L, 171838500L));
    }

    @Test
    void optionSnapshotWithEveryOptionalField() {
        var page = read(Polygon.fixture("options_snapshot_AAPL.json"), PolygonReplies.OptionsSnapshotPage.class);
        OptionContract c = PolygonMapper.contract("AAPL", page.results().get(0));
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
        OptionContract c = PolygonMapper.contract("SPY", read(lowerPlan, PolygonReplies.OptionSnapshot.class));
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
        assertThat(PolygonMapper.contract("SPY", read("{\"details\":{\"ticker\":\"O:X\"}}", PolygonReplies.OptionSnapshot.class))).isNull();
    }

    @Test
    void aggregatesAreMillisecondsAndDecimals() {
        var aggs = read(Polygon.fixture("aggs_AAPL_1_day_2005-04-01_2005-04-04.json"), PolygonReplies.Aggs.class);
        Bar bar = PolygonMapper.rangeBar(aggs.results().get(0));
        assertThat(bar.start()).isEqualTo(Instant.ofEpochMilli(1112331600000L));
        assertThat(bar.open().toPlainString()).isEqualTo("1.5032");
        assertThat(bar.volume()).isEqualByComparingTo("642646396");
        assertThat(bar.transactions()).isEqualTo(82132L);
    }

    @Test
    void fractionalSizesComeFromDsAndCryptoTradesWithoutSipTimeUseTheParticipantTime() {
        // a stock's odd-lot: s is the whole-share size, ds the exact one
        Quote.Trade oddLot = PolygonMapper.trade(read("""
                {"status":"OK","results":{"T":"SPY","p":470.12,"s":0,"ds":"0.3183","t":1705676400000000000,"x":4}}""",
                PolygonReplies.LastTrade.class));
        assertThat(oddLot.size().toPlainString()).isEqualTo("0.3183");
        // crypto: no SIP, so no t, only y; the size in exponent notation
        Quote.Trade crypto = PolygonMapper.trade(read("""
                {"status":"OK","results":{"T":"X:BTCUSD","p":42000.5,"s":1.2e-05,"y":1705676400123456789,"x":1}}""",
                PolygonReplies.LastTrade.class));
        assertThat(crypto.timestamp()).isEqualTo(Instant.ofEpochSecond(1705676400L, 123456789L));
        assertThat(crypto.size()).isEqualByComparingTo("0.000012");
        assertThat(PolygonMapper.trade(read("{\"status\":\"OK\",\"results\":{\"p\":1,\"s\":1E+3,\"t\":1705676400000000000}}",
                PolygonReplies.LastTrade.class))
                .size().toString()).isEqualTo("1000");
    }

    @Test
    void timestampsInEveryUnitPolygonUses() {
        Instant t = Instant.parse("2024-01-19T15:00:00.123456789Z");
        assertThat(PolygonMapper.epoch(1705676400123456789L)).isEqualTo(t);
        assertThat(PolygonMapper.epoch(1705676400123456L)).isEqualTo(Instant.parse("2024-01-19T15:00:00.123456Z"));
        assertThat(PolygonMapper.epoch(1705676400123L)).isEqualTo(Instant.parse("2024-01-19T15:00:00.123Z"));
    }

    @Test
    void typedRepliesOfTheCapturedMocks() throws Exception {
        var json = JSON;
        PolygonReplies.Aggs prev = json.readValue(Polygon.fixture("prev_AAPL.json"), PolygonReplies.Aggs.class);
        Bar close = PolygonMapper.bar(prev.results().get(0));
        assertThat(close.close().toPlainString()).isEqualTo("156.8");
        assertThat(close.transactions()).isEqualTo(899965L);
        assertThat(close.start()).isEqualTo(Instant.ofEpochMilli(1651003200000L));

        PolygonReplies.Aggs grouped = json.readValue(Polygon.fixture("grouped_2005-04-04.json"), PolygonReplies.Aggs.class);
        assertThat(grouped.results()).singleElement().satisfies(a -> {
            assertThat(a.ticker()).isEqualTo("GIK");
            assertThat(PolygonMapper.bar(a).vwap().toPlainString()).isEqualTo("9.9979");
        });

        PolygonReplies.TickerSnapshot snap = json.readValue(Polygon.fixture("snapshot_stocks_AAPL.json"),
                PolygonReplies.TickerSnapshot.class);
        Quote q = PolygonMapper.snapshot(Ticker.of("AAPL"), snap, true);
        assertThat(q.source()).isEqualTo(QuoteSource.SNAPSHOT);
        assertThat(q.delayed()).isTrue();
        assertThat(q.price().toPlainString()).isEqualTo("159.99");
        assertThat(q.lastTrade().conditions()).as("lastTrade.c is null in the capture").isNull();
        assertThat(q.nbbo().bidPrice().toPlainString()).isEqualTo("159.98");
        assertThat(q.nbbo().askPrice().toPlainString()).isEqualTo("159.99");
        assertThat(q.asOf()).isEqualTo(Instant.ofEpochSecond(1651251948L, 407646487L));
        assertThat(q.bar().close().toPlainString()).isEqualTo("160.315");

        PolygonReplies.IndicesSnapshot idx = json.readValue(Polygon.fixture("snapshot_indices_SPX.json"),
                PolygonReplies.IndicesSnapshot.class);
        assertThat(idx.results()).extracting(PolygonReplies.IndexValue::error).containsExactly(null, "NOT_FOUND", "NOT_ENTITLED");
        Quote spx = PolygonMapper.indexValue(Ticker.of("I:SPX"), idx.results().get(0), false);
        assertThat(spx.price().toPlainString()).isEqualTo("3822.39");
        assertThat(spx.lastTrade()).as("indices have values, not trades").isNull();

        PolygonReplies.Contracts page = json.readValue(Polygon.fixture("contracts_page1.json"), PolygonReplies.Contracts.class);
        assertThat(page.nextUrl()).startsWith("https://api.massive.com/v3/reference/options/contracts?cursor=");
        OptionContract ref = PolygonMapper.reference("A", page.results().get(0));
        assertThat(ref.ticker()).isEqualTo("O:A220520C00065000");
        assertThat(ref.strike()).isEqualByComparingTo("65");
        assertThat(ref.expiration()).isEqualTo(LocalDate.of(2022, 5, 20));
        assertThat(ref.bid()).isNull();
        assertThat(ref.greeks()).isNull();
        assertThat(ref.volume()).isNull();
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        assertThat(PolygonClient.validKey("abcDEF123_x")).isEqualTo("abcDEF123_x");
        for (String bad : new String[] { null, "", "  ", "abc def", "abc\n" }) {
            Assertions.assertThatThrownBy(() -> PolygonClient.validKey(bad))
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
