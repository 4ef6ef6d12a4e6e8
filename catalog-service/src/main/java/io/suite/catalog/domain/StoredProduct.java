package io.suite.catalog.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A product as stored in the catalog (what the API serves, also while the upstream is down). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoredProduct(
        UUID id,
        String asin,
        String marketplace,
        String parentAsin,
        String title,
        String description,
        String brand,
        String manufacturer,
        List<String> images,
        String detailPageUrl,
        BigDecimal currentPrice,
        BigDecimal originalPrice,
        BigDecimal savingsAmount,
        BigDecimal savingsPercentage,
        String currency,
        String availabilityType,
        String availabilityMessage,
        Integer customerReviewCount,
        BigDecimal starRating,
        ProductStatus status,
        Instant lastRefreshAt,
        Instant lastAvailableAt,
        Instant nextRefreshAt,
        String rawSource,
        Instant createdAt,
        Instant updatedAt) {
}
