package io.suite.catalog.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "Up to 100 products to import, fetched ten per upstream call",
        example = "{\"asins\": [\"B08DQQ8CBP\", \"B07212L4G2\"], \"marketplace\": \"www.amazon.com\"}")
public record BatchImportRequest(
        @NotNull(message = "is required") @Size(min = 1, max = 100,
                message = "must hold 1 to 100 ASINs") List<@NotNull(message = "is required") @Pattern(regexp = Asins.PATTERN,
                        message = Asins.MESSAGE) String> asins,
        @Schema(example = "www.amazon.com") String marketplace) {
}
