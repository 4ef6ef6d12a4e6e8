package io.suite.accounts.domain;

/** Where a sync run stands (account_sync_history.sync_status; the API and the dashboard show the same word). */
public enum SyncRunStatus {
    STARTED,
    SUCCESS,
    PARTIAL,
    FAILED;

    /** As stored and shown: {@code started}, {@code success}, {@code partial}, {@code failed}. */
    public String wire() {
        return name().toLowerCase();
    }

    public static SyncRunStatus ofWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
