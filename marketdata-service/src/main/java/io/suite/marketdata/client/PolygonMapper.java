package io.suite.marketdata.client;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.ContractType;
import io.suite.marketdata.domain.MarketHours;
import io.suite.marketdata.domain.OptionContract;
import io.suite.marketdata.domain.Quote;
import io.suite.marketdata.domain.QuoteSource;
import io.suite.marketdata.domain.Ticker;
import io.suite.resilience.upstream.UpstreamUnavailableException;

/**
 * Polygon's replies into domain values: exact decimals, timestamps in whatever unit each endpoint uses, optional
 * fields absent on lower plans as null. What the upstream sends that fails validation is the upstream's fault (an
 * {@link UpstreamUnavailableException}), never ours.
 */
final class PolygonMapper {

    private static final Logger LOG = Logger.getLogger(PolygonMapper.class);

    private PolygonMapper() {
    }

    static UpstreamUnavailableException unexpected(String what) {
        return new UpstreamUnavailableException("polygon", 200, "UnexpectedResponse", what, null, null);
    }

    /** Polygon marks data of delayed plans with {@code "status": "DELAYED"} (and {@code timeframe} in options). */
    static boolean delayed(String status) {
        return "DELAYED".equalsIgnoreCase(status);
    }

    /** {@code /v2/last/trade}: the SIP time, else (crypto) the participant time; the exact size from {@code ds} if sent. */
    static Quote.Trade trade(PolygonReplies.LastTrade reply) {
        PolygonReplies.Trade r = reply == null ? null : reply.results();
        if (r == null) {
            return null;
        }
        Long time = r.sipTimestamp() != null ? r.sipTimestamp() : r.participantTimestamp();
        return valid(() -> new Quote.Trade(r.price(), size(r), r.exchange(), r.conditions(), time == null ? null : epoch(time)));
    }

    private static BigDecimal size(PolygonReplies.Trade r) {
        String ds = r.decimalSize();
        if (ds != null && !ds.isBlank()) {
            try {
                return new BigDecimal(ds.strip());
            } catch (NumberFormatException e) {
                LOG.debugf("ignoring a malformed ds %s", ds);
            }
        }
        return r.size();
    }

    static Quote.Nbbo nbbo(PolygonReplies.LastNbbo reply) {
        PolygonReplies.Nbbo r = reply == null ? null : reply.results();
        if (r == null) {
            return null;
        }
        return valid(() -> new Quote.Nbbo(r.bidPrice(), r.bidSize(), r.bidExchange(), r.askPrice(), r.askSize(), r.askExchange(),
                r.timestamp() == null ? null : epoch(r.timestamp())));
    }

    /** {@code /v1/last/crypto/{from}/{to}}: the last trade of a pair, time in milliseconds. */
    static Quote.Trade cryptoTrade(PolygonReplies.CryptoLastTrade reply) {
        PolygonReplies.CryptoLast l = reply == null ? null : reply.last();
        if (l == null || l.price() == null) {
            return null;
        }
        return valid(() -> new Quote.Trade(l.price(), l.size(), l.exchange(), l.conditions(), epoch(l.timestamp())));
    }

    /** {@code /v1/last_quote/currencies/{from}/{to}}: a currency pair's bid and ask, time in milliseconds. */
    static Quote.Nbbo currencyQuote(PolygonReplies.FxLastQuote reply) {
        PolygonReplies.FxLast l = reply == null ? null : reply.last();
        if (l == null || (l.bid() == null && l.ask() == null)) {
            return null;
        }
        return valid(() -> new Quote.Nbbo(l.bid(), null, l.exchange(), l.ask(), null, l.exchange(), epoch(l.timestamp())));
    }

    /**
     * A ticker snapshot (stocks, crypto, forex) as a quote: the last trade and quote when the snapshot has them, else
     * the day's or the previous day's close. Stock times are nanoseconds, crypto and forex milliseconds.
     */
    static Quote snapshot(Ticker ticker, PolygonReplies.TickerSnapshot reply, boolean delayed) {
        PolygonReplies.SnapshotTicker t = reply == null ? null : reply.ticker();
        if (t == null) {
            return null;
        }
        return valid(() -> {
            PolygonReplies.SnapshotTrade lt = t.lastTrade();
            Quote.Trade trade = lt == null || lt.price() == null || lt.timestamp() == null ? null
                    : new Quote.Trade(lt.price(), lt.size(), lt.exchange(), lt.conditions(), epoch(lt.timestamp()));
            PolygonReplies.SnapshotQuote lq = t.lastQuote();
            Quote.Nbbo nbbo = null;
            if (lq != null && lq.timestamp() != null) {
                BigDecimal bid = lq.bidPrice() != null ? lq.bidPrice() : lq.bid();
                BigDecimal ask = lq.askPrice() != null ? lq.askPrice() : lq.ask();
                if (bid != null || ask != null) {
                    nbbo = new Quote.Nbbo(bid, lq.bidSize(), lq.exchange(), ask, lq.askSize(), lq.exchange(), epoch(lq.timestamp()));
                }
            }
            Instant updated = t.updated() == null ? null : epoch(t.updated());
            // the day bar has no start of its own: the day of the snapshot's last update, from midnight New York
            Instant dayStart = updated == null ? null
                    : MarketHours.tradingDate(updated).atStartOfDay(MarketHours.NEW_YORK).toInstant();
            Bar day = snapshotBar(t.day(), dayStart);
            BigDecimal price = trade != null ? trade.price() : nbbo != null ? Quote.mid(nbbo) : day != null ? day.close()
                    : t.prevDay() == null ? null : t.prevDay().close();
            Instant asOf = updated;
            if (trade != null && (asOf == null || trade.timestamp().isAfter(asOf))) {
                asOf = trade.timestamp();
            }
            if (nbbo != null && (asOf == null || nbbo.timestamp().isAfter(asOf))) {
                asOf = nbbo.timestamp();
            }
            return new Quote(ticker.symbol(), ticker.assetClass(), QuoteSource.SNAPSHOT, delayed, price, trade, nbbo, day, asOf,
                    null);
        });
    }

    /** An index value from {@code /v3/snapshot/indices}; null when the entry is a per-ticker error. */
    static Quote indexValue(Ticker ticker, PolygonReplies.IndexValue v, boolean declaredDelayed) {
        if (v == null || v.value() == null) {
            return null;
        }
        boolean delayed = declaredDelayed || "DELAYED".equalsIgnoreCase(v.timeframe());
        return valid(() -> new Quote(ticker.symbol(), ticker.assetClass(), QuoteSource.SNAPSHOT, delayed, v.value(), null, null,
                null, v.lastUpdated() == null ? null : epoch(v.lastUpdated()), null));
    }

    private static Bar snapshotBar(PolygonReplies.SnapshotBar b, Instant start) {
        if (b == null || b.open() == null || b.close() == null || b.high() == null || b.low() == null) {
            return null;
        }
        Instant t = b.start() != null ? epoch(b.start()) : start;
        if (t == null) {
            return null;
        }
        return new Bar(t, b.open(), b.high(), b.low(), b.close(), b.volume() == null ? BigDecimal.ZERO : b.volume(),
                b.vwap(), null);
    }

    /** An aggregate of a typed reply (previous close, grouped daily, range); null when it is incomplete. */
    static Bar bar(PolygonReplies.Agg a) {
        if (a == null || a.start() == null || a.open() == null || a.high() == null || a.low() == null || a.close() == null) {
            return null;
        }
        return valid(() -> new Bar(Instant.ofEpochMilli(a.start()), a.open(), a.high(), a.low(), a.close(),
                a.volume() == null ? BigDecimal.ZERO : a.volume(), a.vwap(),
                a.transactions() == null ? null : a.transactions().longValue()));
    }

    /** A contract of the reference endpoint: its terms only, every price field null. */
    static OptionContract reference(String underlying, PolygonReplies.ContractRef r) {
        if (r == null) {
            return null; // unreadable, skipped (SkipUnreadable)
        }
        try {
            return new OptionContract(r.ticker(), underlying, ContractType.fromLabel(r.contractType()), r.exerciseStyle(),
                    r.expirationDate() == null ? null : LocalDate.parse(r.expirationDate()), r.strikePrice(),
                    r.sharesPerContract(), null, null, null, null, null, null, null, null, null, null, null, null);
        } catch (RuntimeException e) {
            LOG.warnf("skipping an option contract of %s the upstream described incompletely: %s", underlying, e.getMessage());
            return null;
        }
    }

    /** A contract the upstream describes incompletely is skipped (and logged), not allowed to fail the whole chain. */
    static OptionContract contract(String underlying, PolygonReplies.OptionSnapshot r) {
        PolygonReplies.ContractRef details = r.details();
        PolygonReplies.OptionQuote quote = r.lastQuote();
        PolygonReplies.OptionDay day = r.day();
        PolygonReplies.Greeks greeks = r.greeks();
        try {
            String exp = blankToNull(details == null ? null : details.expirationDate());
            Long updated = quote != null && quote.lastUpdated() != null ? quote.lastUpdated() : day == null ? null : day.lastUpdated();
            return new OptionContract(blankToNull(details == null ? null : details.ticker()), underlying,
                    ContractType.fromLabel(blankToNull(details == null ? null : details.contractType())),
                    blankToNull(details == null ? null : details.exerciseStyle()), exp == null ? null : LocalDate.parse(exp),
                    details == null ? null : details.strikePrice(), details == null ? null : details.sharesPerContract(),
                    quote == null ? null : quote.bid(), quote == null ? null : quote.ask(), quote == null ? null : quote.midpoint(),
                    quote == null ? null : quote.bidSize(), quote == null ? null : quote.askSize(),
                    r.lastTrade() == null ? null : r.lastTrade().price(),
                    wholeNumber(day == null ? null : day.volume()), wholeNumber(r.openInterest()), r.impliedVolatility(),
                    greeks == null ? null : new OptionContract.Greeks(greeks.delta(), greeks.gamma(), greeks.theta(), greeks.vega()),
                    r.breakEvenPrice(), updated == null ? null : epoch(updated));
        } catch (RuntimeException e) {
            LOG.warnf("skipping an option contract of %s the upstream described incompletely: %s", underlying, e.getMessage());
            return null;
        }
    }

    /** A delayed options snapshot says so per contract: {@code last_quote.timeframe} is DELAYED. */
    static boolean delayedContract(PolygonReplies.OptionSnapshot r) {
        return (r.lastQuote() != null && delayed(r.lastQuote().timeframe()))
                || (r.lastTrade() != null && delayed(r.lastTrade().timeframe()));
    }

    /** A bar of a range of aggregates: every field must be there and valid, or the reply is the upstream's fault. */
    static Bar rangeBar(PolygonReplies.Agg a) {
        return valid(() -> new Bar(a.start() == null ? null : Instant.ofEpochMilli(a.start()), a.open(), a.high(), a.low(),
                a.close(), a.volume(), a.vwap(), wholeNumber(a.transactions())));
    }

    static <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw unexpected("upstream data failed validation: " + e.getMessage());
        }
    }

    /** Counts that Polygon sometimes writes as 8 and sometimes as 8.0. */
    static Long wholeNumber(BigDecimal v) {
        return v == null ? null : v.longValue();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Polygon mixes units: trades, quotes and stock snapshots are nanoseconds, aggregates and the crypto and forex
     * endpoints milliseconds. Told apart by magnitude (any date after 1973 in ns exceeds 1e17, in ms stays below
     * 1e14), and split without a double.
     */
    static Instant epoch(long value) {
        if (Math.abs(value) >= 100_000_000_000_000_000L) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        }
        if (Math.abs(value) >= 100_000_000_000_000L) {
            return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        }
        return Instant.ofEpochMilli(value);
    }
}
