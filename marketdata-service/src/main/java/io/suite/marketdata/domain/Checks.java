package io.suite.marketdata.domain;

import java.math.BigDecimal;

/** Invariants shared by the records: what the upstream sends must make sense before we cache or serve it. */
final class Checks {

    private Checks() {
    }

    static void nonNegative(String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return;
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
    }

    static void nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
    }

    /** Whole numbers that arrived in exponent form ({@code 1E+3}) are written back as {@code 1000}. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null || value.scale() >= 0) {
            return value;
        }
        return value.setScale(0);
    }
}
