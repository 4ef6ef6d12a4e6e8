package io.suite.catalog.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import io.suite.catalog.domain.StoredProduct;

/** A product with the raw upstream item it was last built from. */
public record ProductDetail(@JsonUnwrapped StoredProduct product, JsonNode rawPayload) {
}
