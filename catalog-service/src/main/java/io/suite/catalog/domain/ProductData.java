package io.suite.catalog.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One product as an upstream describes it, the same whichever API (PA-API 5.0 or Creators API) sent it.
 * Every field but {@code asin} may be null: missing optional data is stored as null, never invented.
 *
 * @param raw the upstream's item object, kept verbatim (jsonb) for fields we do not map yet
 */
public record ProductData(
        String asin,
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
        String raw,
        String source) {

    /** Offered now: the upstream lists a buyable offer with a price. */
    public boolean offered() {
        return currentPrice != null;
    }

    /**
     * Which of the seed's fields the upstream supplied, and which it left out (stored as null), by the product's JSON
     * property names (snake_case, as the API serves them).
     */
    public Map<String, Boolean> fieldPresence() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("title", title != null);
        m.put("description", description != null);
        m.put("brand", brand != null);
        m.put("manufacturer", manufacturer != null);
        m.put("images", images != null && !images.isEmpty());
        m.put("detail_page_url", detailPageUrl != null);
        m.put("current_price", currentPrice != null);
        m.put("original_price", originalPrice != null);
        m.put("savings_amount", savingsAmount != null);
        m.put("savings_percentage", savingsPercentage != null);
        m.put("currency", currency != null);
        m.put("availability_type", availabilityType != null);
        m.put("availability_message", availabilityMessage != null);
        m.put("customer_review_count", customerReviewCount != null);
        m.put("star_rating", starRating != null);
        m.put("parent_asin", parentAsin != null);
        m.put("raw_payload", raw != null);
        return m;
    }

    public List<String> importedFields() {
        List<String> out = new ArrayList<>();
        fieldPresence().forEach((k, v) -> {
            if (v) {
                out.add(k);
            }
        });
        return out;
    }

    public List<String> missingFields() {
        List<String> out = new ArrayList<>();
        fieldPresence().forEach((k, v) -> {
            if (!v) {
                out.add(k);
            }
        });
        return out;
    }
}
