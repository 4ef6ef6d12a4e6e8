package io.suite.catalog.domain;

public enum ProductStatus {
    DRAFT, ACTIVE, UNAVAILABLE;

    public String db() {
        return name().toLowerCase();
    }

    public static ProductStatus of(String db) {
        return valueOf(db.toUpperCase());
    }
}
