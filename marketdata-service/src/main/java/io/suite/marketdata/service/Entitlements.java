package io.suite.marketdata.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.suite.marketdata.config.MarketDataConfig;
import io.suite.marketdata.domain.AssetClass;
import io.suite.marketdata.domain.DataFamily;
import io.suite.marketdata.domain.Plan;
import io.suite.marketdata.repository.EntitlementRepository;
import io.suite.marketdata.repository.EntitlementRow;
import io.suite.resilience.coalesce.SingleFlight;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What this service's Polygon/Massive key may read, per endpoint family: learned from the upstream's answers (a 403
 * NOT_AUTHORIZED is remembered and the family not called again until a recheck period has passed), or declared in
 * config ({@code marketdata.polygon.plan}) so a fresh start spends no call finding out. The memory is the
 * {@code entitlement} table, shared by every replica; this bean holds a small in-memory view of it, re-read every
 * {@code refresh-interval}. A family nobody knows about yet is asked by one replica at a time (a claim in the table),
 * so a fleet makes at most one forbidden call per family and period.
 */
@ApplicationScoped
public class Entitlements {

    private static final Logger LOG = Logger.getLogger(Entitlements.class);
    /** Massive's standard history windows, in years, shortest first: what a refused date says about the plan. */
    private static final List<Integer> STANDARD_WINDOWS = List.of(2, 5, 10, 20);

    public enum State {
        ENTITLED,
        FORBIDDEN,
        UNKNOWN
    }

    /** May the caller ask the upstream now, and is it the probe whose outcome the fleet waits for? */
    public record Decision(boolean allowed, boolean probe, String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FamilyReport(String state, String source, String reason, Instant learnedAt, Instant recheckAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryReport(LocalDate earliest, String source, Integer refusedDays, Integer allowedDays) {
    }

    /** For {@code /health}: the plan (declared or learned) and every family's state; the key appears only as a hash. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(String keyId, String plan, boolean declared, boolean endOfDay, Map<String, FamilyReport> families,
            Map<String, HistoryReport> history) {
    }

    private final EntitlementRepository repository;
    private final MarketClock clock;
    private final MarketDataConfig.Entitlements settings;
    private final Optional<Plan> declared;
    private final String keyId;
    private final Map<String, EntitlementRow> view = new ConcurrentHashMap<>();
    private final SingleFlight<String, Void> reads = new SingleFlight<>();
    private final Map<DataFamily, Counter> refusals = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private volatile Instant viewReadAt = Instant.EPOCH;

    public Entitlements(EntitlementRepository repository, MarketClock clock, MarketDataConfig config, MeterRegistry meters) {
        this.repository = repository;
        this.clock = clock;
        this.settings = config.polygon().entitlements();
        this.declared = config.polygon().plan().filter(p -> !p.isBlank())
                .map(p -> Plan.parse(p, config.polygon().historyYears(), config.polygon().endOfDay()));
        this.keyId = keyId(config.polygon().apiKey());
        this.meters = meters;
        for (DataFamily f : DataFamily.values()) {
            Gauge.builder("marketdata.entitlement", f, x -> switch (state(x)) {
                case ENTITLED -> 1;
                case FORBIDDEN -> 0;
                case UNKNOWN -> -1;
            }).tag("family", f.label())
                    .description("what the Polygon key may read: 1 entitled, 0 not entitled, -1 not known yet").register(meters);
        }
    }

    /** A stable, non-reversible name for the key in the shared table: the first 16 hex digits of its SHA-256. */
    static String keyId(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("polygon:" + apiKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void load(@Observes StartupEvent event) {
        refresh().await().atMost(Duration.ofSeconds(10));
    }

    public Optional<Plan> declared() {
        return declared;
    }

    /** Re-reads what every replica learned; a database that cannot be reached leaves the current view in place. */
    public Uni<Void> refresh() {
        return reads.run("view", () -> repository.all(keyId).invoke(rows -> {
            Map<String, EntitlementRow> fresh = new LinkedHashMap<>();
            rows.forEach(r -> fresh.put(r.family(), r));
            view.keySet().retainAll(fresh.keySet());
            view.putAll(fresh);
            viewReadAt = clock.now();
        }).replaceWithVoid().onFailure().recoverWithItem(f -> {
            LOG.warnf("could not read the entitlement table, keeping what this instance knows: %s", f.getMessage());
            return null;
        }));
    }

    private void refreshIfOld() {
        if (Duration.between(viewReadAt, clock.now()).compareTo(settings.refreshInterval()) >= 0) {
            viewReadAt = clock.now(); // one background read per interval
            refresh().subscribe().with(ok -> {
            }, f -> {
            });
        }
    }

    public State state(DataFamily family) {
        EntitlementRow row = view.get(family.label());
        if (row != null) {
            if (EntitlementRow.ENTITLED.equals(row.state())) {
                return State.ENTITLED;
            }
            if (EntitlementRow.FORBIDDEN.equals(row.state()) && row.recheckAt() != null && clock.now().isBefore(row.recheckAt())) {
                return State.FORBIDDEN;
            }
            return State.UNKNOWN; // a refusal due for its recheck, or a probe under way
        }
        return declared.map(p -> p.includes(family) ? State.ENTITLED : State.FORBIDDEN).orElse(State.UNKNOWN);
    }

    /** The upstream's words for a refusal of {@code family}, if one is remembered or declared. */
    public String reason(DataFamily family) {
        EntitlementRow row = view.get(family.label());
        if (row != null && row.reason() != null) {
            return row.reason();
        }
        return declared.filter(p -> !p.includes(family)).map(p -> "not in the declared " + p.name() + " plan").orElse(null);
    }

    /**
     * Whether to call a family now. Known entitled: yes; known forbidden: no, without a call. Unknown: the caller that
     * wins the claim asks (it is the probe); the others wait up to {@code probe-wait} for its verdict and then follow
     * it, or go without this family for this request.
     */
    public Uni<Decision> mayCall(DataFamily family) {
        refreshIfOld();
        State s = state(family);
        if (s != State.UNKNOWN) {
            return Uni.createFrom().item(new Decision(s == State.ENTITLED, false, reason(family)));
        }
        Instant now = clock.now();
        return repository.claimProbe(keyId, family.label(), now, now.plus(settings.probeLease()))
                .chain(won -> won ? Uni.createFrom().item(new Decision(true, true, null))
                        : awaitVerdict(family, System.nanoTime() + settings.probeWait().toNanos()))
                .onFailure().recoverWithItem(f -> {
                    // our bookkeeping is down, not the upstream: ask it rather than serve less
                    LOG.warnf("entitlement claim for %s failed, calling without it: %s", family.label(), f.getMessage());
                    return new Decision(true, false, null);
                });
    }

    /** Polls the shared row until the probe's verdict is in, or until {@code deadlineNanos} (real time, not market time). */
    private Uni<Decision> awaitVerdict(DataFamily family, long deadlineNanos) {
        return repository.find(keyId, family.label()).chain(row -> {
            if (row != null && !EntitlementRow.PROBING.equals(row.state())
                    && !(EntitlementRow.FORBIDDEN.equals(row.state()) && row.recheckAt() != null
                            && !clock.now().isBefore(row.recheckAt()))) {
                view.put(row.family(), row);
                State s = state(family);
                return Uni.createFrom().item(new Decision(s == State.ENTITLED, false, row.reason()));
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return Uni.createFrom().item(new Decision(false, false, "another replica is still asking the upstream"));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(100))
                    .chain(() -> awaitVerdict(family, deadlineNanos));
        });
    }

    /** A 2xx from the family: written only when it is news, so the hot path stays free of database writes. */
    public Uni<Void> entitled(DataFamily family) {
        EntitlementRow row = view.get(family.label());
        if (row != null && EntitlementRow.ENTITLED.equals(row.state())) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.now();
        view.put(family.label(), new EntitlementRow(family.label(), EntitlementRow.ENTITLED, null, null, null, now, null));
        LOG.infof("the Polygon key is entitled to %s", family.label());
        return repository.entitled(keyId, family.label(), now).onFailure().recoverWithItem(f -> {
            LOG.warnf("could not record the entitlement to %s: %s", family.label(), f.getMessage());
            return null;
        });
    }

    /** A 403 NOT_AUTHORIZED: the family is not called again by any replica until the recheck period has passed. */
    public Uni<Void> forbidden(DataFamily family, String reason) {
        Instant now = clock.now();
        Instant recheck = now.plus(settings.recheckAfter());
        refusals.computeIfAbsent(family, f -> Counter.builder("marketdata.upstream.not.entitled").tag("family", f.label())
                .description("403 NOT_AUTHORIZED answers from the upstream, per family").register(meters)).increment();
        view.put(family.label(), new EntitlementRow(family.label(), EntitlementRow.FORBIDDEN, reason, null, null, now, recheck));
        LOG.infof("the Polygon key is not entitled to %s (%s); asking again after %s", family.label(), reason, recheck);
        return repository.forbidden(keyId, family.label(), reason, now, recheck).onFailure().recoverWithItem(f -> {
            LOG.warnf("could not record the refusal of %s: %s", family.label(), f.getMessage());
            return null;
        });
    }

    /** A probe ended without a verdict (the upstream was down, or the budget spent): anyone may ask again. */
    public Uni<Void> releaseProbe(DataFamily family) {
        view.remove(family.label());
        return repository.releaseProbe(keyId, family.label(), clock.now()).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static String historyFamily(AssetClass market) {
        return market.label() + ".history";
    }

    /**
     * Before a bars request while this instance knows of no history refusal: re-reads the shared table (at most once a
     * second), so a window another replica learned costs this one no 403 of its own.
     */
    public Uni<Void> refreshHistory(AssetClass market) {
        EntitlementRow row = view.get(historyFamily(market));
        if ((row != null && row.refusedDays() != null) || declared.flatMap(Plan::historyYears).isPresent()
                || Duration.between(viewReadAt, clock.now()).abs().compareTo(Duration.ofSeconds(1)) < 0) {
            return Uni.createFrom().voidItem();
        }
        return refresh();
    }

    /** A bars request starting at {@code from} was refused as outside the plan's timeframe. */
    public Uni<Void> historyRefused(AssetClass market, LocalDate from, LocalDate today, String reason) {
        int days = (int) Math.max(1, ChronoUnit.DAYS.between(from, today));
        EntitlementRow old = view.get(historyFamily(market));
        int refused = old == null || old.refusedDays() == null ? days : Math.min(old.refusedDays(), days);
        view.put(historyFamily(market), new EntitlementRow(historyFamily(market), EntitlementRow.FORBIDDEN, reason, refused,
                old == null ? null : old.allowedDays(), clock.now(), null));
        return repository.history(keyId, historyFamily(market), true, days, reason, clock.now()).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** A bars request starting at {@code from} was answered: the window reaches at least that far back. */
    public Uni<Void> historyAnswered(AssetClass market, LocalDate from, LocalDate today) {
        int days = (int) Math.max(0, ChronoUnit.DAYS.between(from, today));
        EntitlementRow old = view.get(historyFamily(market));
        if (old != null && old.allowedDays() != null && old.allowedDays() >= days) {
            return Uni.createFrom().voidItem();
        }
        view.put(historyFamily(market), new EntitlementRow(historyFamily(market),
                old == null ? EntitlementRow.ENTITLED : old.state(), old == null ? null : old.reason(),
                old == null ? null : old.refusedDays(), days, clock.now(), null));
        return repository.history(keyId, historyFamily(market), false, days, null, clock.now()).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * The earliest day a bars request may start, if known: from the declared plan, or from a refusal (the longest
     * standard window that the refused date lies beyond and no answered request contradicts; without one, the day
     * after the refused one).
     */
    public Optional<LocalDate> earliestHistory(AssetClass market, LocalDate today) {
        EntitlementRow row = view.get(historyFamily(market));
        Optional<LocalDate> byPlan = declared.flatMap(Plan::historyYears).map(today::minusYears);
        if (row == null || row.refusedDays() == null) {
            return byPlan;
        }
        int refused = row.refusedDays();
        int allowed = row.allowedDays() == null ? 0 : row.allowedDays();
        LocalDate learned = today.minusDays(refused - 1L);
        for (int i = STANDARD_WINDOWS.size() - 1; i >= 0; i--) {
            LocalDate start = today.minusYears(STANDARD_WINDOWS.get(i));
            long days = ChronoUnit.DAYS.between(start, today);
            if (days < refused && days >= allowed) {
                learned = start;
                break;
            }
        }
        LocalDate l = learned;
        return Optional.of(byPlan.filter(p -> p.isAfter(l)).orElse(l));
    }

    /** Why {@link #earliestHistory} says what it says: the refusal's own words, or the declared plan. */
    public String historyReason(AssetClass market) {
        EntitlementRow row = view.get(historyFamily(market));
        if (row != null && row.reason() != null) {
            return row.reason();
        }
        return declared.map(p -> "the declared " + p.name() + " plan serves " + p.historyYears().map(y -> y + " years").orElse("")
                + " of history").orElse(null);
    }

    /**
     * Whether the key's aggregates stop at the last complete session (the free plan's end-of-day data): declared, or
     * inferred from a refused snapshot of the market (every plan with intraday data has snapshots).
     */
    public boolean endOfDay(AssetClass market) {
        if (declared.isPresent()) {
            return declared.get().endOfDay();
        }
        DataFamily snapshots = DataFamily.of(market, DataFamily.Kind.SNAPSHOTS);
        return snapshots != null && state(snapshots) == State.FORBIDDEN;
    }

    /** Whether a declared plan says its data is delayed (15 minutes on Starter and Developer). */
    public boolean declaredDelayed() {
        return declared.map(p -> !p.realTime()).orElse(false);
    }

    public Report report() {
        Map<String, FamilyReport> families = new LinkedHashMap<>();
        for (DataFamily f : DataFamily.values()) {
            EntitlementRow row = view.get(f.label());
            State s = state(f);
            String source = row != null ? "learned" : declared.isPresent() ? "declared" : "unknown";
            families.put(f.label(), new FamilyReport(s.name().toLowerCase(Locale.ROOT), source, reason(f),
                    row == null ? null : row.learnedAt(), row == null ? null : row.recheckAt()));
        }
        Map<String, HistoryReport> history = new LinkedHashMap<>();
        LocalDate today = clock.tradingDate();
        for (AssetClass m : AssetClass.values()) {
            EntitlementRow row = view.get(historyFamily(m));
            Optional<LocalDate> earliest = earliestHistory(m, today);
            if (earliest.isPresent() || row != null) {
                history.put(m.label(), new HistoryReport(earliest.orElse(null),
                        row != null && row.refusedDays() != null ? "learned" : declared.isPresent() ? "declared" : "unknown",
                        row == null ? null : row.refusedDays(), row == null ? null : row.allowedDays()));
            }
        }
        return new Report(keyId, declared.map(Plan::name).orElse(null), declared.isPresent(), endOfDay(AssetClass.STOCKS),
                families, history);
    }
}
