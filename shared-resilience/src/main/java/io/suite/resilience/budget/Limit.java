package io.suite.resilience.budget;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One limit of a budget: {@code count} calls per {@code period}, as a token bucket of that capacity and refill. */
public record Limit(long count, Duration period) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*");

    public Limit {
        if (count < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a limit needs a positive count and period, got " + count + "/" + period);
        }
    }

    /** Parses {@code 5/1s}, {@code 8640/1d}, {@code 100/30s}, {@code 5/1m}. */
    public static Limit parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("rate limit '" + text + "' is not of the form count/period, e.g. 5/1s or 8640/1d");
        }
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new Limit(Long.parseLong(m.group(1)), period);
    }

    public double refillPerSecond() {
        return count * 1_000_000_000.0 / period.toNanos();
    }
}
