package io.suite.catalog.domain;

/** An item the upstream could not return inside an otherwise successful reply (partial success is normal). */
public record ItemError(String asin, String code, String message) {

    /** The Creators API's 404 when none of the requested items exists ("No items found"). */
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";

    /** The upstream does not know or no longer offers this item through the API. */
    public boolean notFound() {
        return code != null && switch (code) {
            case "ItemNotAccessible", "ItemNotFound", "InvalidItemId", "InvalidParameterValue", RESOURCE_NOT_FOUND -> true;
            default -> false;
        };
    }
}
