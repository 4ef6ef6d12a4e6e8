package io.suite.marketdata.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.marketdata.service.Cached;
import io.suite.marketdata.service.MarketDataService;
import io.suite.marketdata.service.OptionsQuery;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.UpstreamRejectedException;
import io.suite.resilience.upstream.UpstreamUnavailableException;
import io.suite.testing.JwtKeys;

/**
 * The market-data endpoints alone, over a mocked {@link MarketDataService}: parameters become the service's arguments
 * (ticker normalised, 0-DTE resolved to today's New York trading date), bad ones are refused before the service is
 * asked, and its answers and failures become the documented JSON and headers. End to end: {@link MarketDataResourceTest}.
 */
@QuarkusTest
class MarketDataResourceMockedServiceTest {

    @InjectMock
    MarketDataService service;

    @Test
    void aQuoteIsAskedForTheNormalisedTickerAndServedWithItsCacheAge() {
        Instant traded = Instant.parse("2022-04-28T20:55:19.310617300Z");
        Quote quote = Quote.live(Ticker.of("SPY"), new Quote.Trade(new BigDecimal("166.25"), new BigDecimal("2"), 4, List.of(12, 37),
                traded), null, false, List.of());
        when(service.quote(Ticker.of("SPY"))).thenReturn(Uni.createFrom().item(
                new Cached<>(quote, Cached.Source.MEMORY, false, traded.plusSeconds(1), Duration.ofSeconds(3))));

        user().when().get("/api/v1/market-data/spy/quote").then().statusCode(200)
                .header("Age", "3")
                .body("ticker", equalTo("SPY"))
                .body("source", equalTo("trade"))
                .body("price", equalTo(166.25f))
                .body("last_trade.conditions", equalTo(List.of(12, 37)))
                .body("cache.from_cache", equalTo(true));
    }

    @Test
    void zeroDteIsTodaysTradingDateAndTheFiltersReachTheService() {
        ArgumentCaptor<OptionsQuery> asked = ArgumentCaptor.forClass(OptionsQuery.class);
        when(service.optionChain(asked.capture()))
                .thenReturn(Uni.createFrom().failure(UpstreamUnavailableException.breakerOpen("polygon", Duration.ofSeconds(30), null)));

        user().queryParam("expiration", "0dte").queryParam("type", "call").queryParam("strike_min", "400")
                .queryParam("strike_max", "500.5").queryParam("limit", 25)
                .when().get("/api/v1/market-data/SPY/options").then().statusCode(503)
                .header("Retry-After", "30")
                .body("type", equalTo("urn:problem-type:upstream-unavailable"));

        OptionsQuery q = asked.getValue();
        assertThat(q.zeroDte()).isTrue();
        assertThat(q.expirationFrom()).isEqualTo(q.expirationTo());
        assertThat(q.strikeMin()).isEqualByComparingTo("400");
        assertThat(q.strikeMax()).isEqualByComparingTo("500.5");
        assertThat(q.limit()).isEqualTo(25);
        assertThat(q.after()).isNull();
    }

    @Test
    void impossibleOptionFiltersAreRefusedBeforeTheServiceIsAsked() {
        user().queryParam("strike_min", "500").queryParam("strike_max", "400").when().get("/api/v1/market-data/SPY/options")
                .then().statusCode(400).body("errors.field", hasItem("strike_min"));
        user().queryParam("type", "straddle").when().get("/api/v1/market-data/SPY/options")
                .then().statusCode(400).body("errors.field", hasItem("type"));
        user().when().get("/api/v1/market-data/X:BTCUSD/options").then().statusCode(400).body("errors.field", hasItem("ticker"));
        user().queryParam("from", "2024-02-30").queryParam("to", "2024-03-01").when().get("/api/v1/market-data/SPY/historical")
                .then().statusCode(400).body("errors.field", hasItem("from"));

        verifyNoInteractions(service);
    }

    @Test
    void barsAreAskedWithTheParsedRangeAndAServiceRefusalKeepsItsField() {
        when(service.bars(any(), anyInt(), any(), any(), any(), anyBoolean())).thenReturn(Uni.createFrom().failure(
                ProblemException.invalidField("from", "is before the plan's history window (2 years)")));

        user().queryParam("from", "2001-01-02").queryParam("to", "2001-01-31").queryParam("timespan", "week")
                .queryParam("multiplier", 2).queryParam("adjusted", "false")
                .when().get("/api/v1/market-data/AAPL/historical").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));

        verify(service).bars(Ticker.of("AAPL"), 2, Timespan.WEEK, LocalDate.of(2001, 1, 2), LocalDate.of(2001, 1, 31), false);
    }

    @Test
    void anUpstreamRefusalIsA502ThatNamesTheUpstreamAndNoKey() {
        when(service.quote(Ticker.of("AAPL"))).thenReturn(Uni.createFrom().failure(
                new UpstreamRejectedException("polygon", 400, "BAD_REQUEST", "apiKey=secret-key-123 is malformed")));

        user().when().get("/api/v1/market-data/AAPL/quote").then().statusCode(502)
                .body("type", equalTo("urn:problem-type:upstream-rejected"))
                .body("detail", equalTo("Upstream polygon rejected the request (400 BAD_REQUEST): apiKey=*** is malformed"));
    }

    private static RequestSpecification user() {
        return given().auth().oauth2(JwtKeys.token(UUID.randomUUID(), "user"));
    }
}
