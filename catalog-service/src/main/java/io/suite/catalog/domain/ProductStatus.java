package io.suite.catalog.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** A product's state; stored and served as the lower-case name. */
public enum ProductStatus {
    DRAFT,
    ACTIVE,
    UNAVAILABLE;

    @JsonValue
    public String db() {
        return name().toLowerCase();
    }

    public static ProductStatus of(String db) {
        return valueOf(db.toUpperCase());
    }

    /** What an upstream's answer makes of a product: active while it is offered with a price. */
    public static ProductStatus of(ProductData data) {
        return data != null && data.offered() ? ACTIVE : UNAVAILABLE;
    }
}
