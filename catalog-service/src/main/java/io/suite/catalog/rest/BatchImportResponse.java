package io.suite.catalog.rest;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.suite.catalog.service.ProductImportService.BatchItem;

/** Per-ASIN outcomes (created, updated, not_found, failed) and their counts. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchImportResponse(String marketplace, int created, int updated, int notFound, int failed,
        List<BatchItem> results) {

    static BatchImportResponse of(String marketplace, List<BatchItem> items) {
        return new BatchImportResponse(marketplace, count(items, "created"), count(items, "updated"),
                count(items, "not_found"), count(items, "failed"), items);
    }

    private static int count(List<BatchItem> items, String outcome) {
        return (int) items.stream().filter(i -> outcome.equals(i.outcome())).count();
    }
}
