package io.suite.catalog.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of a list; {@code next_token} is absent on the last page. */
public record Page<T>(List<T> items, @JsonProperty("next_token") String nextToken) {
}
