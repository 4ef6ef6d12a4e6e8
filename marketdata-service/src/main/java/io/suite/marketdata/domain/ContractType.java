package io.suite.marketdata.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Option contract type. Polygon also knows {@code other}, which we keep rather than drop. */
public enum ContractType {
    CALL,
    PUT,
    OTHER;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ContractType fromLabel(String label) {
        if (label == null) {
            return null;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "call" -> CALL;
            case "put" -> PUT;
            default -> OTHER;
        };
    }
}
