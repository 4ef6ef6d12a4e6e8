package io.suite.marketdata.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.suite.marketdata.client.NotEntitledException;
import io.suite.marketdata.domain.AssetClass;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.MarketHours;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.QuoteSource;
import io.suite.marketdata.domain.Ticker;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The best quote the key may read, freshest first: last trade + NBBO → last trade alone → the ticker snapshot → today's
 * latest minute aggregate → the previous close. A source the key is not entitled to is skipped without a call once
 * known (see {@link Entitlements}); a forbidden half never fails the other half; the quote says which source it is.
 */
@ApplicationScoped
public class QuoteService {

    private final EntitlementGuard polygon;
    private final PreviousCloses previousCloses;
    private final Entitlements entitlements;
    private final MarketClock clock;

    public QuoteService(EntitlementGuard polygon, PreviousCloses previousCloses, Entitlements entitlements, MarketClock clock) {
        this.polygon = polygon;
        this.previousCloses = previousCloses;
        this.entitlements = entitlements;
        this.clock = clock;
    }

    /** Loads the best available quote from the upstream (the cache's loader). */
    public Uni<Quote> load(Ticker ticker) {
        return polygon.live(ticker).chain(live -> {
            List<String> skipped = new ArrayList<>(live.refused());
            if (live.trade() != null || live.nbbo() != null) {
                return Uni.createFrom().item(Quote.live(ticker, live.trade(), live.nbbo(), live.delayed(), skipped));
            }
            if (live.notFound()) {
                return Uni.createFrom().failure(ProblemException.notFound("ticker", ticker.symbol()));
            }
            return snapshot(ticker, skipped);
        });
    }

    private Uni<Quote> snapshot(Ticker ticker, List<String> skipped) {
        return polygon.snapshot(ticker).onFailure(NotEntitledException.class).recoverWithItem(f -> {
            skipped.add(((NotEntitledException) f).family().label());
            return null;
        }).chain(q -> {
            if (q != null) {
                return Uni.createFrom().item(q.withSkipped(skipped));
            }
            return aggregate(ticker, skipped);
        });
    }

    /** On plans with intraday aggregates, today's latest minute bar; end-of-day plans go straight to the previous close. */
    private Uni<Quote> aggregate(Ticker ticker, List<String> skipped) {
        boolean roundTheClock = ticker.assetClass() == AssetClass.CRYPTO || ticker.assetClass() == AssetClass.FX;
        if (entitlements.endOfDay(ticker.assetClass()) || !(roundTheClock || MarketHours.isTradingDay(clock.tradingDate()))) {
            return previousClose(ticker, skipped);
        }
        return polygon.latestMinute(ticker, clock.tradingDate()).onFailure(NotEntitledException.class).recoverWithNull()
                .chain(bar -> bar == null ? previousClose(ticker, skipped)
                        : Uni.createFrom().item(new Quote(ticker.symbol(), ticker.assetClass(), QuoteSource.AGGREGATE, true, bar.close(),
                                null, null, bar, bar.start().plusSeconds(60), skipped)));
    }

    private Uni<Quote> previousClose(Ticker ticker, List<String> skipped) {
        return previousCloses.of(ticker).map(bar -> {
            if (bar == null) {
                throw ProblemException.notFound("ticker", ticker.symbol());
            }
            return new Quote(ticker.symbol(), ticker.assetClass(), QuoteSource.PREVIOUS_CLOSE, true, bar.close(), null, null, bar,
                    closeTime(ticker, bar), skipped);
        });
    }

    /** A daily bar is as of its session's close: 16:00 New York for stocks and indices, the day's end (UTC) otherwise. */
    static Instant closeTime(Ticker ticker, Bar bar) {
        if (ticker.assetClass() == AssetClass.CRYPTO || ticker.assetClass() == AssetClass.FX) {
            return bar.start().plusSeconds(86_400);
        }
        return MarketHours.closeOf(MarketHours.tradingDate(bar.start()));
    }
}
