package io.suite.accounts.domain;

import java.util.Locale;

/**
 * Our four account statuses, and THE one place where Amazon's statuses map onto them.
 *
 * <pre>
 * Amazon adsAccount.status  →  ours
 * CREATED                   →  active
 * PENDING                   →  pending    (Amazon still creating it: polled again)
 * PARTIALLY_CREATED         →  pending    (some countries not created yet: polled again)
 * DISABLED                  →  suspended
 * anything else / missing   →  pending    (unknown future value: re-polled rather than guessed)
 * (we disconnected it)      →  inactive   (set by us, never by Amazon)
 * </pre>
 */
public enum AccountStatus {
    ACTIVE,
    INACTIVE,
    SUSPENDED,
    PENDING;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountStatus fromAmazon(String amazonStatus) {
        if (amazonStatus == null) {
            return PENDING;
        }
        return switch (amazonStatus.toUpperCase(Locale.ROOT)) {
            case "CREATED" -> ACTIVE;
            case "DISABLED" -> SUSPENDED;
            default -> PENDING;
        };
    }

    /** Amazon says the account is still being created: poll it again after a few seconds. */
    public static boolean needsRepoll(String amazonStatus) {
        return fromAmazon(amazonStatus) == PENDING;
    }

    public static AccountStatus parse(String value) {
        for (AccountStatus s : values()) {
            if (s.db().equalsIgnoreCase(value)) {
                return s;
            }
        }
        return null;
    }
}
