package io.suite.catalog.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.catalog.domain.StoredProduct;

/** A product with the raw upstream item it was last built from. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductDetail(@JsonUnwrapped StoredProduct product, JsonNode rawPayload) {
}
