package io.suite.accounts.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** What the dashboard templates render: plain values, already formatted, no token material. */
public final class DashboardViews {

    private DashboardViews() {
    }

    /** Filter, sort and page of the account list: all of it lives in the URL so that a view can be bookmarked. */
    public record Filter(String status, String q, String sort, String order, int size, String after, int page) {

        /** The list URL for this filter on another page ({@code after} null: the first page). */
        public String url(String cursor, int pageNumber) {
            StringBuilder b = new StringBuilder("/dashboard?");
            append(b, "status", status);
            append(b, "q", q);
            append(b, "sort", sort);
            append(b, "order", order);
            append(b, "size", String.valueOf(size));
            if (cursor != null) {
                append(b, "after", cursor);
                append(b, "page", String.valueOf(pageNumber));
            }
            return b.substring(0, b.length() - 1);
        }

        public String self() {
            return url(after, page);
        }

        public String first() {
            return url(null, 1);
        }

        /** The same URL on the fragment endpoint that htmx swaps in. */
        public static String fragment(String pageUrl) {
            return pageUrl == null ? null : "/dashboard/accounts" + pageUrl.substring("/dashboard".length());
        }

        public String selfFragment() {
            return fragment(self());
        }

        public String firstFragment() {
            return fragment(first());
        }

        public boolean filtered() {
            return (status != null && !status.isEmpty()) || (q != null && !q.isEmpty());
        }

        public boolean is(String field, String value) {
            return switch (field) {
                case "status" -> value.equals(status == null ? "" : status);
                case "sort" -> value.equals(sort);
                case "order" -> value.equals(order);
                default -> false;
            };
        }

        private static void append(StringBuilder b, String name, String value) {
            if (value != null && !value.isEmpty()) {
                b.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        }
    }

    /** One account card. {@code colour} is green, amber or red; {@code health} the words that say the same. */
    public record Card(UUID id, String name, String status, String type, List<String> marketplaces, String lastSync,
            String lastSyncIso, String syncStatus, String colour, String health, String reason, boolean connected) {
    }

    /** A page of the list: the cards, the next page's URL, and the notice or error to show instead or above. */
    public record ListView(Filter filter, List<Card> cards, String nextUrl, boolean connected, boolean needsReauthorization,
            String notice, Failure failure) {

        public boolean empty() {
            return cards.isEmpty();
        }

        public String nextFragment() {
            return Filter.fragment(nextUrl);
        }
    }

    /**
     * The sync-health summary at the top; {@code liveRun} is the user's sync run going now, whose progress it shows;
     * {@code rateLimited} says Amazon's last 429 for the user within the rate-limit window, if any.
     */
    public record Summary(int green, int amber, int red, boolean needsReauthorization, boolean connected, String lastRun,
            String lastRunStatus, UUID liveRun, String rateLimited, Failure failure, String amberRule, String redRule) {

        public boolean hasAccounts() {
            return green + amber + red > 0;
        }

        /** "Sync all accounts now" is offered whenever there is a working connection and no run is going. */
        public boolean canSyncAll() {
            return connected && !needsReauthorization && liveRun == null;
        }
    }

    /** A result per selected account. */
    public record BatchItem(UUID id, String name, String outcome, String detail, boolean ok) {
    }

    public record BatchView(String action, List<BatchItem> items, String summary, RunProgress run, boolean needsConfirmation,
            List<UUID> ids, Failure failure) {
    }

    /** A sync run's progress, polled while {@code done} is false. */
    public record RunProgress(UUID id, String status, int total, int synced, int failed, boolean done, String detail) {

        public int processed() {
            return synced + failed;
        }
    }

    /**
     * An error designed for a person: what happened, what to do, and the correlation id to quote. {@code kind} picks the
     * presentation (throttled, unavailable, invalid, reauth, error).
     */
    public record Failure(int status, String kind, String title, String detail, Long retryAfterSeconds, String correlationId) {
    }
}
