package io.suite.catalog.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.catalog.service.ProductImportService.Imported;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "The stored product's id and a summary of the fields imported",
        example = "{\"id\": \"7d0f4c1e-4f6b-4e0e-9d51-0c8d6d9c2a11\", \"asin\": \"B08DQQ8CBP\", \"marketplace\": \"www.amazon.com\","
                + " \"created\": true, \"status\": \"active\", \"imported_fields\": [\"title\", \"current_price\"],"
                + " \"missing_fields\": [\"savings_amount\"]}")
public record ImportResponse(UUID id, String asin, String marketplace, boolean created, String status,
        List<String> importedFields, List<String> missingFields) {

    static ImportResponse of(Imported i) {
        return new ImportResponse(i.id(), i.asin(), i.marketplace(), i.created(), i.status(), i.importedFields(), i.missingFields());
    }
}
