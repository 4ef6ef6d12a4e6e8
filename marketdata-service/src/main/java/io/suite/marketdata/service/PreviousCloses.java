package io.suite.marketdata.service;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.AssetClass;
import io.suite.marketdata.domain.Bar;
import io.suite.marketdata.domain.MarketHours;
import io.suite.marketdata.domain.Ticker;
import io.suite.marketdata.repository.DailyBarRepository;
import io.suite.resilience.coalesce.SingleFlight;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Previous closes at the free plan's price: one grouped-daily call ({@code /v2/aggs/grouped/locale/us/market/stocks/
 * {date}}) brings every US stock's bar of the latest complete session, stored in {@code daily_bar} for every replica.
 * One replica loads a session (a claim in {@code daily_bar_load}), the others wait for it: the previous close of any
 * US stock costs at most one upstream call per day for the whole fleet. Tickers the grouped bars do not have (other
 * asset classes, or a stock missing from them) ask {@code /v2/aggs/ticker/{t}/prev} for themselves.
 */
@ApplicationScoped
public class PreviousCloses {

    private static final Logger LOG = Logger.getLogger(PreviousCloses.class);

    private final EntitlementGuard polygon;
    private final DailyBarRepository repository;
    private final MarketClock clock;
    private final MarketDataConfig config;
    private final SingleFlight<LocalDate, Boolean> loads = new SingleFlight<>();
    private final String owner = ManagementFactory.getRuntimeMXBean().getName();

    public PreviousCloses(EntitlementGuard polygon, DailyBarRepository repository, MarketClock clock, MarketDataConfig config) {
        this.polygon = polygon;
        this.repository = repository;
        this.clock = clock;
        this.config = config;
    }

    /** The latest complete session whose bars a previous close is taken from. */
    public LocalDate session() {
        return MarketHours.latestCompleteSession(clock.now(), config.polygon().endOfDayDelay());
    }

    /** The previous session's bar of {@code ticker}, or null when the upstream has none (an unknown ticker). */
    public Uni<Bar> of(Ticker ticker) {
        if (ticker.assetClass() != AssetClass.STOCKS) {
            return polygon.previousClose(ticker);
        }
        LocalDate session = session();
        return repository.find(session, ticker.symbol())
                .chain(bar -> bar != null ? Uni.createFrom().item(bar) : load(session).chain(loaded -> loaded
                        ? repository.find(session, ticker.symbol())
                                .chain(b -> b != null ? Uni.createFrom().item(b) : polygon.previousClose(ticker))
                        : polygon.previousClose(ticker)));
    }

    /** True once {@code session} is in {@code daily_bar}: loaded by this replica now, or by another one. */
    private Uni<Boolean> load(LocalDate session) {
        return loads.run(session, () -> repository.loadState(session, clock.now()).chain(state -> {
            if (state.loaded()) {
                return Uni.createFrom().item(true);
            }
            Instant now = clock.now();
            return repository.claim(session, owner, now, now.plus(config.polygon().groupedDailyWait().multipliedBy(6)))
                    .chain(won -> won ? fetch(session) : awaitLoad(session, System.nanoTime()
                            + config.polygon().groupedDailyWait().toNanos()));
        }));
    }

    private Uni<Boolean> fetch(LocalDate session) {
        return polygon.groupedDaily(session).chain(bars -> {
            if (bars.isEmpty()) {
                LOG.infof("grouped daily bars of %s are empty: not out yet, asking per ticker meanwhile", session);
                return repository.release(session, owner).replaceWith(false);
            }
            return repository.store(session, bars, clock.now()).invoke(n -> LOG.infof(
                    "stored the daily bars of %d US stocks for %s from one grouped-daily call", n, session)).replaceWith(true);
        }).onFailure().call(f -> repository.release(session, owner).onFailure().recoverWithNull());
    }

    /** Another replica is loading the session: wait for it (real time) rather than spend a call of our own. */
    private Uni<Boolean> awaitLoad(LocalDate session, long deadlineNanos) {
        return repository.loadState(session, clock.now()).chain(state -> {
            if (state.loaded()) {
                return Uni.createFrom().item(true);
            }
            if (!state.claimed() || System.nanoTime() - deadlineNanos >= 0) {
                return Uni.createFrom().item(false);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(100))
                    .chain(() -> awaitLoad(session, deadlineNanos));
        });
    }

    /** Sessions older than a week are no previous close any more. */
    public Uni<Integer> cleanUp() {
        return repository.deleteBefore(clock.tradingDate().minusDays(7));
    }
}
