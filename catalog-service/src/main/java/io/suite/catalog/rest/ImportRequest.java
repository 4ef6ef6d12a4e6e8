package io.suite.catalog.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "One product to import", example = "{\"asin\": \"B08DQQ8CBP\", \"marketplace\": \"www.amazon.com\"}")
public record ImportRequest(
        @NotNull(message = "is required") @Pattern(regexp = Asins.PATTERN,
                message = Asins.MESSAGE) @Schema(example = "B08DQQ8CBP") String asin,
        @Schema(description = "Marketplace code; www.amazon.com when absent", example = "www.amazon.com") String marketplace) {
}
