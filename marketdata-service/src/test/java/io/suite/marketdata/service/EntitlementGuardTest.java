package io.suite.marketdata.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.junit.QuarkusTest;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.testing.Polygon;
import io.suite.marketdata.testing.SharedState;
import io.suite.testing.InjectWireMock;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** What the key may call, learned from the upstream's answers around the client's calls (WireMock serves the captures). */
@QuarkusTest
class EntitlementGuardTest {

    private static final String P = Polygon.PREFIX;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    EntitlementGuard guard;

    @Inject
    Entitlements entitlements;

    @Inject
    Pool pool;

    @AfterEach
    void forgetWhatTheKeyWasRefused() {
        SharedState.forgetEntitlementsAndDailyBars(pool, entitlements);
    }

    @Test
    void aQuoteOfAnEntitledKeyRefusesNothing() {
        Polygon.stubQuote(wireMock, "PCQE");
        EntitlementGuard.Live q = guard.live(Ticker.of("PCQE")).await().atMost(Duration.ofSeconds(10));
        assertThat(q.trade().price().toPlainString()).isEqualTo("166.25");
        assertThat(q.nbbo().askPrice().toPlainString()).isEqualTo("155.66");
        assertThat(q.refused()).isEmpty();
        assertThat(q.delayed()).isFalse();
        for (String path : new String[] { "/v2/last/trade/PCQE", "/v2/last/nbbo/PCQE" }) {
            wireMock.verify(1, getRequestedFor(urlPathEqualTo(P + path))
                    .withHeader("Authorization", equalTo(Polygon.BEARER))
                    .withQueryParam("apiKey", absent()));
        }
        assertThat(wireMock.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl()).doesNotContain(Polygon.KEY));
    }

    @Test
    void unknownTickerIsNotFound() {
        Polygon.stubQuoteStatus(wireMock, "PCQNF", 404, "{\"status\":\"NOT_FOUND\",\"request_id\":\"x\"}");
        EntitlementGuard.Live live = guard.live(Ticker.of("PCQNF")).await().atMost(Duration.ofSeconds(10));
        assertThat(live.notFound()).isTrue();
        assertThat(live.trade()).isNull();
    }

    @Test
    void aForbiddenHalfIsLearnedAndNeverFailsTheOtherHalf() {
        Polygon.stubQuote(wireMock, "PCQF");
        wireMock.stubFor(get(urlPathEqualTo(P + "/v2/last/nbbo/PCQF")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody(Polygon.NOT_ENTITLED)));
        EntitlementGuard.Live live = guard.live(Ticker.of("PCQF")).await().atMost(Duration.ofSeconds(10));
        assertThat(live.trade().price().toPlainString()).isEqualTo("166.25");
        assertThat(live.nbbo()).isNull();
        assertThat(live.refused()).containsExactly("stocks.nbbo");
        assertThat(entitlements.state(DataFamily.STOCKS_NBBO)).isEqualTo(Entitlements.State.FORBIDDEN);
        assertThat(entitlements.state(DataFamily.STOCKS_TRADES)).isEqualTo(Entitlements.State.ENTITLED);
        // known now: the next quote takes one permit and makes no NBBO call at all
        Polygon.stubQuote(wireMock, "PCQG");
        assertThat(guard.live(Ticker.of("PCQG")).await().atMost(Duration.ofSeconds(10)).refused()).containsExactly("stocks.nbbo");
        assertThat(Polygon.calls(wireMock, "/v2/last/nbbo/PCQG")).isZero();
        assertThat(Polygon.calls(wireMock, "/v2/last/trade/PCQG")).isEqualTo(1);
    }
}
