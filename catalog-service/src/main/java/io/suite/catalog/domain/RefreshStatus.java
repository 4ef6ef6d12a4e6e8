package io.suite.catalog.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a refresh attempt ended; stored and served as the lower-case name. */
public enum RefreshStatus {
    PENDING,
    RUNNING,
    SUCCESS,
    FAILED,
    SKIPPED;

    @JsonValue
    public String db() {
        return name().toLowerCase();
    }

    public static RefreshStatus of(String db) {
        return valueOf(db.toUpperCase());
    }
}
