package io.suite.accounts.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.suite.accounts.config.AccountsConfig;
import io.suite.accounts.domain.Account;
import io.suite.accounts.domain.AccountStatus;
import io.suite.accounts.domain.BatchAction;
import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.domain.SyncRunStatus;
import io.suite.accounts.repository.AccountRepository.Sort;
import io.suite.accounts.repository.RateLimitRepository;
import io.suite.accounts.repository.SyncRepository;
import io.suite.accounts.service.AccountService.Colour;
import io.suite.accounts.service.DashboardViews.BatchItem;
import io.suite.accounts.service.DashboardViews.BatchView;
import io.suite.accounts.service.DashboardViews.Card;
import io.suite.accounts.service.DashboardViews.Failure;
import io.suite.accounts.service.DashboardViews.Filter;
import io.suite.accounts.service.DashboardViews.ListView;
import io.suite.accounts.service.DashboardViews.RunProgress;
import io.suite.accounts.service.DashboardViews.Summary;
import io.suite.resilience.correlation.CorrelationId;
import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.params.BoundedNumbers;
import io.suite.resilience.problem.ProblemClassifier;
import io.suite.resilience.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dashboard's view model, built on {@link AccountService} and {@link SyncService} (their queries, their rules): this
 * class only normalises what a URL asks for, formats for people and turns failures into designed messages.
 */
@ApplicationScoped
public class DashboardService {

    private static final Logger LOG = Logger.getLogger(DashboardService.class);
    private static final List<String> STATUSES = List.of("active", "inactive", "suspended", "pending");
    private static final List<String> SORTS = List.of("name", "last_sync", "status");

    private final AccountService accounts;
    private final SyncService sync;
    private final AccountsConfig config;
    private final Clock clock;
    private final ProblemClassifier problems;

    public DashboardService(AccountService accounts, SyncService sync, AccountsConfig config, Clock clock,
            ProblemClassifier problems) {
        this.problems = problems;
        this.accounts = accounts;
        this.sync = sync;
        this.config = config;
        this.clock = clock;
    }

    /** A bookmarked or hand-edited URL never fails the page: unknown values fall back to the defaults, with a notice. */
    public record Normalised(Filter filter, String notice) {
    }

    public Normalised filter(String status, String q, String sort, String order, String size, String after, String page) {
        List<String> ignored = new ArrayList<>();
        String st = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        if (!st.isEmpty() && !STATUSES.contains(st)) {
            ignored.add("status");
            st = "";
        }
        String text = q == null ? "" : q.strip();
        if (text.length() > AccountService.MAX_QUERY_LENGTH) {
            ignored.add("name search (longer than " + AccountService.MAX_QUERY_LENGTH + " characters)");
            text = text.substring(0, AccountService.MAX_QUERY_LENGTH);
        }
        String so = sort == null || sort.isBlank() ? "name" : sort.strip();
        if (!SORTS.contains(so)) {
            ignored.add("sort");
            so = "name";
        }
        String or = order == null || order.isBlank() ? "asc" : order.strip();
        if (!or.equals("asc") && !or.equals("desc")) {
            ignored.add("order");
            or = "asc";
        }
        int sz = intOr(size, config.dashboard().pageSize());
        if (sz < 1 || sz > config.dashboard().maxPageSize()) {
            ignored.add("page size");
            sz = config.dashboard().pageSize();
        }
        String cursor = after == null || after.isBlank() ? null : after.strip();
        int pg = cursor == null ? 1 : Math.max(2, intOr(page, 2));
        String notice = ignored.isEmpty() ? null : "Ignored an invalid " + String.join(", ", ignored) + " in the link.";
        return new Normalised(new Filter(st, text, so, or, sz, cursor, pg), notice);
    }

    /** One page of cards, coloured with the same rules as the sync-health API. */
    public Uni<ListView> list(UUID user, Filter f, String notice) {
        Sort by = switch (f.sort()) {
            case "last_sync" -> Sort.LAST_SYNC;
            case "status" -> Sort.STATUS;
            default -> Sort.NAME;
        };
        AccountStatus status = f.status().isEmpty() ? null : AccountStatus.parse(f.status());
        return Uni.createFrom().deferred(() -> accounts.list(user, status, f.q(), by, f.order().equals("desc"), f.after(), f.size()))
                .chain(page -> accounts.connection(user).map(conn -> {
                    Instant now = clock.instant();
                    boolean reauth = !conn.connected() || conn.needsReauthorization();
                    List<Card> cards = page.items().stream().map(a -> card(accounts.colour(a, now, reauth), now)).toList();
                    String next = page.nextToken() == null ? null : f.url(page.nextToken(), f.page() + 1);
                    return new ListView(f, cards, next, conn.connected(), conn.needsReauthorization(), notice, null);
                }))
                .onFailure().recoverWithItem(e -> new ListView(f, List.of(), null, true, false, notice, failure(e)));
    }

    public Uni<Summary> summary(UUID user) {
        return Uni.createFrom().deferred(() -> accounts.health(user)).chain(h -> accounts.connection(user).map(conn -> {
            SyncRepository.Run last = h.lastRun();
            // the run going now (the first sync a connect started, or one started elsewhere): its progress, then the cards
            UUID liveRun = last != null && last.status() == SyncRunStatus.STARTED ? last.id() : null;
            String rateLimited = h.rateLimits().stream().filter(u -> u.lastLimitHit() != null)
                    .max(Comparator.comparing(RateLimitRepository.EndpointUsage::lastLimitHit))
                    .map(u -> "Amazon last asked us to slow down " + ago(u.lastLimitHit(), clock.instant()) + " (" + u.endpoint()
                            + (u.retryAfterSeconds() == null ? "" : ", wait " + u.retryAfterSeconds() + " s") + "); syncs wait for it.")
                    .orElse(null);
            return new Summary(h.counts().getOrDefault(Colour.GREEN, 0), h.counts().getOrDefault(Colour.AMBER, 0),
                    h.counts().getOrDefault(Colour.RED, 0), h.needsReauthorization(), conn.connected(),
                    last == null ? null : ago(last.completedAt() != null ? last.completedAt() : last.startedAt(), clock.instant()),
                    last == null ? null : last.status().wire(), liveRun, rateLimited, null, amberRule(), redRule());
        })).onFailure()
                .recoverWithItem(e -> new Summary(0, 0, 0, false, true, null, null, null, null, failure(e), amberRule(), redRule()));
    }

    private String amberRule() {
        AccountsConfig.Health t = config.health();
        return "a failed sync, never synced, or no successful sync for " + human(t.amberAfter());
    }

    private String redRule() {
        AccountsConfig.Health t = config.health();
        return "Amazon needs re-authorisation, " + t.redFailures() + " failed syncs in a row, or no successful sync for "
                + human(t.redAfter());
    }

    static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + " h";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /**
     * A batch from the dashboard: sync, disconnect (only once confirmed) or update. Partial success is normal: each
     * account gets its own line.
     */
    public Uni<BatchView> batch(UUID user, BatchAction batchAction, List<UUID> ids, boolean confirmed, String labelKey, String labelValue) {
        String action = batchAction.wire();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new BatchView(action, List.of(), null, null, false, ids,
                    new Failure(400, "invalid", "No account selected", "Select one or more accounts first.", null, null)));
        }
        if (batchAction == BatchAction.DISCONNECT && !confirmed) {
            return names(user, ids).map(names -> new BatchView(action, ids.stream().map(id -> new BatchItem(id,
                    names.getOrDefault(id, id.toString()), "to disconnect", null, true)).toList(), null, null, true, ids, null));
        }
        Map<String, String> labels = null;
        if (batchAction == BatchAction.UPDATE) {
            if (labelKey == null || labelKey.isBlank() || labelValue == null) {
                return Uni.createFrom().item(new BatchView(action, List.of(), null, null, false, ids, new Failure(400, "invalid",
                        "Nothing to update", "Give a label name and value to set on the selected accounts.", null, null)));
            }
            if (labelKey.strip().length() > AccountService.MAX_LABEL_KEY || labelValue.strip().length() > AccountService.MAX_LABEL_VALUE) {
                return Uni.createFrom().item(new BatchView(action, List.of(), null, null, false, ids, new Failure(400, "invalid",
                        "Label too long", "A label name has at most " + AccountService.MAX_LABEL_KEY + " characters, its value at most "
                                + AccountService.MAX_LABEL_VALUE + ".",
                        null, null)));
            }
            labels = Map.of(labelKey.strip(), labelValue.strip());
        }
        Map<String, String> finalLabels = labels;
        return Uni.createFrom().deferred(() -> accounts.batch(user, batchAction, ids, finalLabels))
                .chain(results -> names(user, ids).map(names -> {
                    List<BatchItem> items = results.stream().map(r -> new BatchItem(r.id(), names.getOrDefault(r.id(), r.id().toString()),
                            r.outcome().replace('_', ' '), r.detail(), !r.outcome().equals("not_found"))).toList();
                    String summary = results.stream().collect(Collectors.groupingBy(r -> r.outcome().replace('_', ' '),
                            LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
                    UUID run = results.stream().map(AccountService.BatchResult::runId).filter(Objects::nonNull)
                            .findFirst().orElse(null);
                    RunProgress progress = run == null ? null
                            : new RunProgress(run, SyncRunStatus.STARTED.wire(), items.size(), 0, 0, false,
                                    null);
                    return new BatchView(action, items, summary, progress, false, ids, null);
                }))
                .onFailure().recoverWithItem(e -> new BatchView(action, List.of(), null, null, false, ids, failure(e)));
    }

    /** Sync every account of the user (after a reconnect, or from the summary): the run to follow. */
    public Uni<BatchView> syncAll(UUID user) {
        return Uni.createFrom().deferred(() -> sync.start(user, List.of(), "manual"))
                .map(run -> new BatchView("sync", List.of(), "all accounts",
                        new RunProgress(run, SyncRunStatus.STARTED.wire(), 0, 0, 0, false, null),
                        false, List.of(), null))
                .onFailure().recoverWithItem(e -> new BatchView("sync", List.of(), null, null, false, List.of(), failure(e)));
    }

    /** A run's progress for the poller; {@code done} once it left "started". */
    public Uni<RunProgress> run(UUID user, UUID runId) {
        return Uni.createFrom().deferred(() -> sync.progress(user, runId)).map(r -> {
            boolean done = r.status() != SyncRunStatus.STARTED;
            int total = r.total() == null ? r.synced() + r.failed() : r.total();
            String detail = r.errors() == null || r.errors().isEmpty() ? null
                    : r.errors().stream().limit(3).map(e -> String.valueOf(e.getValue())).collect(Collectors.joining("; "));
            return new RunProgress(r.id(), r.status().wire(), total, r.synced(), r.failed(), done, detail);
        });
    }

    private Uni<Map<UUID, String>> names(UUID user, List<UUID> ids) {
        return accounts.byIds(user, ids).map(found -> {
            Map<UUID, String> out = new LinkedHashMap<>();
            found.forEach(a -> out.put(a.id(), a.name()));
            return out;
        }).onFailure().recoverWithItem(Map.of());
    }

    Card card(AccountService.AccountHealth h, Instant now) {
        Account a = h.account();
        String colour = h.colour().name().toLowerCase(Locale.ROOT);
        String words = switch (h.colour()) {
            case GREEN -> "Healthy";
            case AMBER -> "Needs attention";
            case RED -> "Failing";
        };
        List<String> markets = new ArrayList<>(a.countryCodes());
        if (markets.isEmpty() && a.marketplaceId() != null) {
            markets.add(a.marketplaceId());
        }
        String reason = h.reason() != null ? h.reason() : "synced " + ago(a.lastSyncedAt(), now);
        return new Card(a.id(), a.name(), a.status(), a.accountType() == null ? null : a.accountType().toLowerCase(Locale.ROOT),
                markets, a.lastSyncedAt() == null ? "never" : ago(a.lastSyncedAt(), now),
                a.lastSyncedAt() == null ? null : a.lastSyncedAt().toString(), a.syncStatus(), colour, words, reason,
                a.disconnectedAt() == null);
    }

    static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return (s / 60) + " min ago";
        }
        if (s < 86400) {
            return (s / 3600) + " h ago";
        }
        return (s / 86400) + " d ago";
    }

    /**
     * The designed message for a failure, in words, for the status the JSON API would answer (the shared
     * {@link ProblemClassifier} decides both); unexpected ones are logged (without request data) and carry the correlation id.
     */
    public Failure failure(Throwable e) {
        String cid = CorrelationId.current().orElse(null);
        ProblemClassifier.Classification c = problems.classify(e);
        Long after = c.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(null);
        switch (c.slug()) {
            case ReauthorizationRequiredException.SLUG:
                return new Failure(c.status(), "reauth", "Amazon needs you to reconnect",
                        "The connection to Amazon was revoked or expired. Reconnect to continue.", null, cid);
            case "upstream-rate-limited":
                return new Failure(c.status(), "throttled", "Amazon is throttling requests",
                        "The Amazon Ads API asked us to slow down. Nothing was lost; try again"
                                + (after == null ? " in a moment." : " in " + after + " s."),
                        after, cid);
            case "upstream-unavailable", "upstream-rejected":
                return new Failure(c.status(), "unavailable", "Amazon is not answering",
                        "Amazon's services did not answer in time. Try again in a little while.", after, cid);
            case ProblemClassifier.DATABASE_UNAVAILABLE:
                LOG.warnf("dashboard: database unavailable (%s)", e.getClass().getSimpleName());
                return new Failure(c.status(), "unavailable", "The accounts service is unavailable",
                        "We cannot reach the account data right now. Try again in a little while.", after, cid);
            case ProblemClassifier.INTERNAL_ERROR:
                LOG.error("dashboard: unexpected failure", e);
                return new Failure(c.status(), "error", "Something went wrong",
                        "The request could not be completed. If it keeps happening, quote the reference below.", null, cid);
            default:
                if (c.rejectedField(CursorCodec.PARAMETER)) {
                    return new Failure(c.status(), "invalid", "This page link has expired",
                            "The list changed or the link belongs to another filter. Start again from the first page.", null, cid);
                }
                String kind = c.status() >= 500 ? "unavailable" : c.status() == 429 ? "throttled" : "invalid";
                return new Failure(c.status(), kind, c.title(), c.detail(), after, cid);
        }
    }

    static int intOr(String s, int fallback) {
        try {
            return BoundedNumbers.intInRange("page", s, fallback, 0, Integer.MAX_VALUE);
        } catch (ProblemException e) {
            return -1;
        }
    }
}
