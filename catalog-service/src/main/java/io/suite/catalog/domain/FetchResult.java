package io.suite.catalog.domain;

import java.util.Map;

/** A GetItems reply: the items found by ASIN, and per-ASIN errors for the rest. */
public record FetchResult(Map<String, ProductData> items, Map<String, ItemError> errors) {
}
