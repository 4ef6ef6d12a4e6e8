package io.suite.sandbox.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One token-bucket rule: {@code count} requests per {@code window}; capacity = count, refill = count/window. */
public record LimitRule(long count, Duration window) {

    public LimitRule {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive");
        }
    }

    /** Parses "5/60s", "1/1s,8640/1d", "100/30s" or "unlimited" (an empty list). */
    public static List<LimitRule> parseAll(String spec) {
        List<LimitRule> rules = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("unlimited") || spec.trim().equalsIgnoreCase("none")) {
            return rules;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            int slash = p.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("limit rule must look like 5/60s: " + p);
            }
            long count = Long.parseLong(p.substring(0, slash).trim());
            rules.add(new LimitRule(count, parseDuration(p.substring(slash + 1).trim())));
        }
        return rules;
    }

    static Duration parseDuration(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        String[] units = { "ms", "s", "m", "h", "d" };
        for (String unit : units) {
            if (v.endsWith(unit) && !(unit.equals("s") && v.endsWith("ms"))) {
                String num = v.substring(0, v.length() - unit.length());
                long n = num.isEmpty() ? 1 : Long.parseLong(num);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    public String spec() {
        return count + "/" + window.toMillis() + "ms";
    }
}
