package io.suite.catalog.domain;

/** An item the upstream could not return inside an otherwise successful reply (partial success is normal). */
public record ItemError(String asin, String code, String message) {

    /** The upstream does not know or no longer offers this item through the API. */
    public boolean notFound() {
        return code != null && switch (code) {
            case "ItemNotAccessible", "ItemNotFound", "InvalidItemId", "InvalidParameterValue" -> true;
            default -> false;
        };
    }
}
