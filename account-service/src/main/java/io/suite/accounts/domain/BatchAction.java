package io.suite.accounts.domain;

import java.util.Optional;

/** What a batch does to the selected accounts (the API's and the dashboard's {@code action}). */
public enum BatchAction {
    SYNC,
    DISCONNECT,
    UPDATE;

    /** As the API and the dashboard's forms spell it: {@code sync}, {@code disconnect}, {@code update}. */
    public String wire() {
        return name().toLowerCase();
    }

    /** Empty for anything but one of the three words, exactly as spelt. */
    public static Optional<BatchAction> ofWire(String value) {
        for (BatchAction action : values()) {
            if (action.wire().equals(value)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
