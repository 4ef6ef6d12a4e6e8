package io.suite.marketdata.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.suite.marketdata.client.NotEntitledException;
import io.suite.marketdata.client.PolygonClient;
import io.suite.marketdata.domain.AssetClass;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.BarSeries;
import io.suite.marketdata.domain.CacheKey;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.domain.OptionChain;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.domain.Timespan;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Polygon as the services see it: every call belongs to an endpoint family ({@link DataFamily}); a family the key is
 * known not to be entitled to is not called at all, and a 403 NOT_AUTHORIZED teaches {@link Entitlements} so no replica
 * calls it again for a while. The {@link PolygonClient} below only calls, pages and maps.
 */
@ApplicationScoped
public class EntitlementGuard {

    private static final Entitlements.Decision NOT_ASKED = new Entitlements.Decision(false, false, null);

    private final PolygonClient polygon;
    private final Entitlements entitlements;
    private final MarketClock clock;

    public EntitlementGuard(PolygonClient polygon, Entitlements entitlements, MarketClock clock) {
        this.polygon = polygon;
        this.entitlements = entitlements;
        this.clock = clock;
    }

    /** Last trade and NBBO (or a pair's last trade / last quote); either half may be missing, refused or unknown. */
    public record Live(Quote.Trade trade, Quote.Nbbo nbbo, boolean delayed, List<String> refused, boolean notFound) {
    }

    /**
     * The real-time halves of a quote, one guarded unit (see {@link PolygonClient#live}). A half the key may not read
     * costs no permit and never fails the other half; a 403 on a half is learned.
     */
    public Uni<Live> live(Ticker ticker) {
        DataFamily trades = DataFamily.of(ticker.assetClass(), DataFamily.Kind.TRADES);
        DataFamily quotes = DataFamily.of(ticker.assetClass(), DataFamily.Kind.NBBO);
        if (ticker.assetClass() == AssetClass.CRYPTO && ticker.pair() == null) {
            trades = null; // a pair whose currencies we cannot tell apart: the snapshot and aggregates still serve it
        }
        DataFamily t = trades;
        DataFamily q = quotes;
        return decide(t).chain(dt -> decide(q).chain(dq -> {
            List<String> refused = new ArrayList<>();
            if (t != null && !dt.allowed()) {
                refused.add(t.label());
            }
            if (q != null && !dq.allowed()) {
                refused.add(q.label());
            }
            boolean wantTrade = t != null && dt.allowed();
            boolean wantQuote = q != null && dq.allowed();
            if (!wantTrade && !wantQuote) {
                return Uni.createFrom().item(new Live(null, null, false, refused, false));
            }
            int permits = (wantTrade ? 1 : 0) + (wantQuote ? 1 : 0);
            return polygon.live(ticker, wantTrade, wantQuote)
                    .call(reply -> learn(t, reply.trade(), refused).chain(() -> learn(q, reply.nbbo(), refused)))
                    .map(reply -> {
                        int notFound = notFound(reply.trade()) + notFound(reply.nbbo());
                        return new Live(value(reply.trade()), value(reply.nbbo()), entitlements.declaredDelayed() || reply.delayed(),
                                refused, notFound == permits);
                    })
                    .onFailure(f -> !(f instanceof ProblemException)).call(f -> release(t, dt).chain(() -> release(q, dq)));
        }));
    }

    /** A half's answer: a 2xx or a 404 confirms the family, a 403 is learned and the family reported as refused. */
    private Uni<Void> learn(DataFamily family, PolygonClient.Half<?> half, List<String> refused) {
        if (half == null) {
            return Uni.createFrom().voidItem();
        }
        if (half.outcome() == PolygonClient.Outcome.FORBIDDEN) {
            if (!refused.contains(family.label())) {
                refused.add(family.label());
            }
            return entitlements.forbidden(family, half.message());
        }
        return entitlements.entitled(family);
    }

    private static <T> T value(PolygonClient.Half<T> half) {
        return half == null ? null : half.value();
    }

    private static int notFound(PolygonClient.Half<?> half) {
        return half != null && half.outcome() == PolygonClient.Outcome.NOT_FOUND ? 1 : 0;
    }

    /** The ticker snapshot (stocks, crypto, forex) or the index value (indices), as a quote. */
    public Uni<Quote> snapshot(Ticker ticker) {
        return single(DataFamily.of(ticker.assetClass(), DataFamily.Kind.SNAPSHOTS),
                () -> polygon.snapshot(ticker, entitlements.declaredDelayed()));
    }

    /** Today's latest minute bar, or null before the first one. */
    public Uni<Bar> latestMinute(Ticker ticker, LocalDate today) {
        return single(DataFamily.of(ticker.assetClass(), DataFamily.Kind.AGGREGATES), () -> polygon.latestMinute(ticker, today));
    }

    /** The previous session's bar of one ticker, or null when the upstream has none. */
    public Uni<Bar> previousClose(Ticker ticker) {
        return single(DataFamily.of(ticker.assetClass(), DataFamily.Kind.AGGREGATES), () -> polygon.previousClose(ticker));
    }

    /** Every US stock's bar of {@code session} in one call: ticker → bar. */
    public Uni<Map<String, Bar>> groupedDaily(LocalDate session) {
        return single(DataFamily.STOCKS_AGGREGATES, () -> polygon.groupedDaily(session));
    }

    /** The chain with prices, greeks and volume (the options snapshot); a delayed plan's chain is marked delayed. */
    public Uni<OptionChain> optionChain(CacheKey.ChainKey key) {
        return single(DataFamily.OPTIONS_SNAPSHOTS, () -> polygon.optionChain(key))
                .map(c -> entitlements.declaredDelayed() && !c.delayed() ? new OptionChain(c.contracts(), c.source(), true) : c);
    }

    /** The chain's contracts from reference data (on every plan), no prices. */
    public Uni<OptionChain> optionReference(CacheKey.ChainKey key) {
        return single(DataFamily.OPTIONS_REFERENCE, () -> polygon.optionReference(key));
    }

    /**
     * Bars of {@code ticker} from {@code from} to {@code to}. A 403 "Your plan doesn't include this data timeframe" is
     * learned as the plan's history window and answered as a TIMEFRAME refusal.
     */
    public Uni<BarSeries> bars(Ticker ticker, int multiplier, Timespan timespan, LocalDate from, LocalDate to, boolean adjusted) {
        DataFamily family = DataFamily.of(ticker.assetClass(), DataFamily.Kind.AGGREGATES);
        LocalDate today = clock.tradingDate();
        return single(family, () -> polygon.bars(ticker, multiplier, timespan, from, to, adjusted))
                .onFailure(NotEntitledException.class).call(f -> {
                    NotEntitledException e = (NotEntitledException) f;
                    return e.reason() == NotEntitledException.Reason.TIMEFRAME
                            ? entitlements.historyRefused(ticker.assetClass(), from, today, e.upstreamMessage())
                            : Uni.createFrom().voidItem();
                }).onFailure(NotEntitledException.class).transform(f -> {
                    NotEntitledException e = (NotEntitledException) f;
                    return e.reason() == NotEntitledException.Reason.TIMEFRAME
                            ? new NotEntitledException(family, NotEntitledException.Reason.TIMEFRAME, e.upstreamMessage(), from)
                            : e;
                }).call(bars -> entitlements.historyAnswered(ticker.assetClass(), from, today))
                .map(bars -> new BarSeries(from, to, bars));
    }

    private Uni<Entitlements.Decision> decide(DataFamily family) {
        return family == null ? Uni.createFrom().item(NOT_ASKED) : entitlements.mayCall(family);
    }

    private Uni<Void> release(DataFamily family, Entitlements.Decision d) {
        return family != null && d.probe() ? entitlements.releaseProbe(family) : Uni.createFrom().voidItem();
    }

    /**
     * One call (every page of it) of one family, after asking whether the key may make it: an answer confirms the
     * entitlement, a 403 becomes a {@link NotEntitledException} (learned as a refusal of the family, unless it is about
     * the history timeframe), and a probe that gets no verdict is released for the next caller.
     */
    private <T> Uni<T> single(DataFamily family, Supplier<Uni<T>> request) {
        return entitlements.mayCall(family).chain(d -> {
            if (!d.allowed()) {
                return Uni.createFrom().failure(new NotEntitledException(family, NotEntitledException.Reason.PLAN, d.reason(), null));
            }
            return Uni.createFrom().<T> deferred(request::get)
                    .call(x -> entitlements.entitled(family))
                    .onFailure(f -> PolygonClient.notFound(f) || f instanceof NotEntitledException)
                    .call(f -> entitlements.entitled(family)) // the upstream answered: access was checked first
                    .onFailure(PolygonClient::forbidden).recoverWithUni(f -> {
                        String message = PolygonClient.message(f);
                        if (timeframe(message)) {
                            // the plan has the family, only not that far back
                            return entitlements.entitled(family).chain(() -> Uni.createFrom().<T> failure(new NotEntitledException(
                                    family, NotEntitledException.Reason.TIMEFRAME, message, null)));
                        }
                        return entitlements.forbidden(family, message).chain(() -> Uni.createFrom()
                                .<T> failure(new NotEntitledException(family, NotEntitledException.Reason.PLAN, message, null)));
                    })
                    .onFailure(f -> d.probe() && !(f instanceof ProblemException)).call(f -> entitlements.releaseProbe(family));
        });
    }

    static boolean timeframe(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("timeframe");
    }
}
