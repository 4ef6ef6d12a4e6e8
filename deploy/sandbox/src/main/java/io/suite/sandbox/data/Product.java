package io.suite.sandbox.data;

import java.math.BigDecimal;
import java.util.List;

/**
 * A seeded product. Price and availability are the base values; {@link ProductCatalog} applies time and overrides.
 * {@code thirdPartyListing}: a cheaper marketplace seller's listing comes before the buy-box winner in OffersV2.
 */
public record Product(
        String asin,
        String parentAsin,
        String title,
        String brand,
        String manufacturer,
        String binding,
        String productGroup,
        List<String> features,
        String imageId,
        BigDecimal basePrice,
        BigDecimal listPrice,
        int reviewCount,
        BigDecimal starRating,
        long browseNodeId,
        String browseNodeName,
        long salesRank,
        boolean volatilePrice,
        boolean flaky,
        boolean thirdPartyListing) {
}
