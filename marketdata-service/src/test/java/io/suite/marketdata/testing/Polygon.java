package io.suite.marketdata.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

/** Polygon replies for WireMock, built from the real captured responses in src/test/resources/fixtures/polygon. */
public final class Polygon {

    /** The path prefix of WireMock's Polygon base URL, as the sandbox has. */
    public static final String PREFIX = "/polygon";
    public static final String KEY = "test-polygon-key";
    public static final String BEARER = "Bearer " + KEY;
    /** The 403 a key gets for a family its plan does not include (maybe-finance/maybe#152; massive.com URL since 2026). */
    public static final String NOT_ENTITLED = """
            {"status":"NOT_AUTHORIZED","request_id":"5e7b0c1","message":"You are not entitled to this data. Please upgrade your plan at https://massive.com/pricing"}""";
    /** The 403 for bars older than the plan's history (massive-com/client-python#922). */
    public static final String TIMEFRAME = """
            {"status":"NOT_AUTHORIZED","request_id":"5e7b0c2","message":"Your plan doesn't include this data timeframe. Please upgrade your plan at https://massive.com/pricing"}""";

    private Polygon() {
    }

    public static String fixture(String name) {
        try (InputStream in = Polygon.class.getResourceAsStream("/fixtures/polygon/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real AAPL last-trade and NBBO captures, re-labelled for {@code ticker}. */
    public static void stubQuote(WireMockServer wm, String ticker) {
        stubQuote(wm, ticker, 0);
    }

    public static void stubQuote(WireMockServer wm, String ticker, int delayMs) {
        wm.stubFor(json(get(urlPathEqualTo(PREFIX + "/v2/last/trade/" + ticker)),
                fixture("last_trade_AAPL.json").replace("\"AAPL\"", "\"" + ticker + "\""), delayMs));
        wm.stubFor(json(get(urlPathEqualTo(PREFIX + "/v2/last/nbbo/" + ticker)),
                fixture("last_nbbo_AAPL.json").replace("\"AAPL\"", "\"" + ticker + "\""), delayMs));
    }

    public static void stubQuoteStatus(WireMockServer wm, String ticker, int status, String body) {
        for (String kind : new String[] { "trade", "nbbo" }) {
            wm.stubFor(get(urlPathEqualTo(PREFIX + "/v2/last/" + kind + "/" + ticker))
                    .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
        }
    }

    /** A 403 NOT_AUTHORIZED for every ticker of a family's path (e.g. {@code /v2/last/trade/}). */
    public static StubMapping forbid(WireMockServer wm, String pathPrefix, String body) {
        return wm.stubFor(get(urlPathMatching(PREFIX + pathPrefix + ".*"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** A grouped-daily reply of {@code session} with one bar per ticker, closes 100.25, 101.25, ... (shape of the client-python mock). */
    public static String grouped(LocalDate session, String... tickers) {
        long start = session.atStartOfDay(ZoneId.of("America/New_York")).toInstant().toEpochMilli();
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < tickers.length; i++) {
            results.append(i == 0 ? "" : ",").append("""
                    {"T":"%s","v":895345,"vw":99.9979,"o":99.5,"c":%d.25,"h":%d.5,"l":99.1,"t":%d,"n":96}"""
                    .formatted(tickers[i], 100 + i, 100 + i, start));
        }
        return """
                {"queryCount":%d,"resultsCount":%d,"adjusted":true,"results":[%s],"status":"OK","request_id":"g1","count":%d}"""
                .formatted(tickers.length, tickers.length, results, tickers.length);
    }

    /** Calls whose path matches {@code regex} (after the prefix). */
    public static int callsMatching(WireMockServer wm, String regex) {
        return wm.findAll(getRequestedFor(urlPathMatching(PREFIX + regex))).size();
    }

    public static MappingBuilder json(MappingBuilder request, String body, int delayMs) {
        return request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body).withFixedDelay(delayMs));
    }

    public static int calls(WireMockServer wm, String path) {
        return wm.findAll(getRequestedFor(urlPathEqualTo(PREFIX + path))).size();
    }
}
