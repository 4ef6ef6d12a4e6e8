package io.suite.marketdata.client;

import java.time.LocalDate;
import java.util.Locale;

import io.suite.marketdata.domain.DataFamily;
import io.suite.resilience.problem.ProblemException;

/**
 * The key's plan does not include what was asked: a 403 NOT_AUTHORIZED from the upstream, or a family already known
 * (or declared) to be refused, so no call was made. Where a cheaper source stands in, the service catches it; where
 * none does, the client gets a 403 problem that names the reason the upstream gave (the plan, or the history
 * timeframe), never the key: "upgrade your plan", not "bad key" (a bad key is a 502 {@code upstream-rejected}).
 */
public class NotEntitledException extends ProblemException {

    /** What the upstream refused: a family of endpoints, or bars older than the plan's history reaches. */
    public enum Reason {
        PLAN,
        TIMEFRAME
    }

    private final DataFamily family;
    private final Reason reason;
    private final String upstreamMessage;
    private final LocalDate from;

    public NotEntitledException(DataFamily family, Reason reason, String upstreamMessage, LocalDate from) {
        super(403, "upstream-not-entitled", "Not included in the upstream plan", detail(family, reason, upstreamMessage), null);
        this.family = family;
        this.reason = reason;
        this.upstreamMessage = upstreamMessage;
        this.from = from;
    }

    private static String detail(DataFamily family, Reason reason, String message) {
        String what = reason == Reason.TIMEFRAME ? "history this far back (" + family.market() + " aggregates)" : family.label();
        return "The Polygon/Massive plan of this service's API key does not include " + what + " (reason: "
                + reason.name().toLowerCase(Locale.ROOT) + ")" + (message == null ? "" : ": " + message);
    }

    public DataFamily family() {
        return family;
    }

    public Reason reason() {
        return reason;
    }

    public String upstreamMessage() {
        return upstreamMessage;
    }

    /** For a timeframe refusal, the first day the refused request asked for. */
    public LocalDate from() {
        return from;
    }
}
