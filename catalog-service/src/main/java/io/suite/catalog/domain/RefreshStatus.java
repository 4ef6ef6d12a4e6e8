package io.suite.catalog.domain;

public enum RefreshStatus {
    PENDING, RUNNING, SUCCESS, FAILED, SKIPPED;

    public String db() {
        return name().toLowerCase();
    }
}
