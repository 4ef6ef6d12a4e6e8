package io.suite.catalog.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.catalog.domain.FetchResult;
import io.suite.catalog.domain.ItemError;
import io.suite.catalog.domain.ProductData;
import io.suite.resilience.upstream.UpstreamUnavailableException;

/**
 * Maps a GetItems reply of either API to the domain model. The Creators API speaks PA-API's structure in
 * lowerCamelCase ({@code ItemsResult.Items[].ItemInfo.Title.DisplayValue} becomes
 * {@code itemsResult.items[].itemInfo.title.displayValue}), so one mapper with case-insensitive field names serves
 * both. Offers V2 ({@code Price.Money.Amount}) is read first, Offers V1 ({@code Price.Amount}) as a fallback.
 * Prices come from {@code Amount}, never the localised {@code DisplayAmount}.
 */
final class ItemMapper {

    private static final Pattern ASIN_IN_MESSAGE = Pattern.compile("\\b([A-Z0-9]{10})\\b");

    private ItemMapper() {
    }

    static FetchResult parse(ObjectMapper json, String upstream, String body, List<String> requested) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            // a 200 we cannot read is the upstream misbehaving, not a bug of ours: retried like a 5xx
            throw new UpstreamUnavailableException(upstream, 200, "UnreadableReply", "reply is not JSON", null, e);
        }
        if (root == null || !root.isObject()) {
            throw new UpstreamUnavailableException(upstream, 200, "UnreadableReply", "reply is not a JSON object", null, null);
        }
        Map<String, ProductData> items = new LinkedHashMap<>();
        for (JsonNode item : iterable(path(root, "ItemsResult", "Items"))) {
            ProductData data = item(json, item, upstream);
            if (data.asin() != null) {
                items.put(data.asin(), data);
            }
        }
        Map<String, ItemError> errors = new LinkedHashMap<>();
        for (JsonNode error : iterable(field(root, "Errors"))) {
            String code = text(field(error, "Code"));
            String message = text(field(error, "Message"));
            String asin = attribute(error, message, requested);
            if (asin != null && !items.containsKey(asin)) {
                errors.put(asin, new ItemError(asin, code, message));
            }
        }
        for (String asin : requested) {
            if (!items.containsKey(asin) && !errors.containsKey(asin)) {
                errors.put(asin, new ItemError(asin, "ItemNotAccessible", "the reply did not include this item"));
            }
        }
        return new FetchResult(items, errors);
    }

    static ProductData item(ObjectMapper json, JsonNode item, String source) {
        JsonNode info = field(item, "ItemInfo");
        JsonNode listing = listing(item);
        JsonNode price = field(listing, "Price");
        JsonNode money = money(price);
        BigDecimal current = decimal(field(money, "Amount"));
        String currency = text(field(money, "Currency"));
        JsonNode savings = field(price, "Savings");
        BigDecimal savingsAmount = decimal(field(money(savings), "Amount"));
        BigDecimal savingsPercentage = decimal(field(savings, "Percentage"));
        JsonNode basis = field(price, "SavingBasis");
        if (basis == null) {
            basis = field(listing, "SavingBasis"); // Offers V1 keeps it beside the price
        }
        BigDecimal original = decimal(field(money(basis), "Amount"));
        if (original == null && current != null && savingsAmount != null) {
            original = current.add(savingsAmount);
        }
        if (savingsAmount == null && original != null && current != null && original.compareTo(current) > 0) {
            savingsAmount = original.subtract(current);
        }
        if (savingsPercentage == null && savingsAmount != null && original != null && original.signum() > 0) {
            savingsPercentage = savingsAmount.multiply(BigDecimal.valueOf(100)).divide(original, 2, RoundingMode.HALF_UP);
        }
        JsonNode availability = field(listing, "Availability");
        JsonNode reviews = field(item, "CustomerReviews");
        JsonNode count = field(reviews, "Count");
        JsonNode rating = field(reviews, "StarRating");
        if (rating != null && rating.isObject()) {
            rating = field(rating, "Value");
        }
        List<String> features = new ArrayList<>();
        for (JsonNode f : iterable(path(info, "Features", "DisplayValues"))) {
            if (f.isTextual() && !f.asText().isBlank()) {
                features.add(f.asText());
            }
        }
        String raw;
        try {
            raw = json.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            raw = null;
        }
        return new ProductData(
                text(field(item, "ASIN")),
                text(field(item, "ParentASIN")),
                text(path(info, "Title", "DisplayValue")),
                features.isEmpty() ? null : String.join("\n", features),
                text(path(info, "ByLineInfo", "Brand", "DisplayValue")),
                text(path(info, "ByLineInfo", "Manufacturer", "DisplayValue")),
                images(field(item, "Images")),
                text(field(item, "DetailPageURL")),
                scale(current), scale(original), scale(savingsAmount), scale(savingsPercentage),
                currency,
                text(field(availability, "Type")),
                blankToNull(text(field(availability, "Message"))),
                count != null && count.canConvertToInt() ? count.asInt() : null,
                decimal(rating),
                raw, source);
    }

    /** The buy-box listing when one is marked, else the first. */
    private static JsonNode listing(JsonNode item) {
        JsonNode listings = path(field(item, "OffersV2") != null ? field(item, "OffersV2") : field(item, "Offers"), "Listings");
        JsonNode first = null;
        for (JsonNode l : iterable(listings)) {
            if (first == null) {
                first = l;
            }
            JsonNode winner = field(l, "IsBuyBoxWinner");
            if (winner != null && winner.asBoolean(false)) {
                return l;
            }
        }
        return first;
    }

    private static List<String> images(JsonNode images) {
        List<String> urls = new ArrayList<>();
        String primary = text(path(images, "Primary", "Large", "URL"));
        if (primary != null) {
            urls.add(primary);
        }
        for (JsonNode v : iterable(field(images, "Variants"))) {
            String url = text(path(v, "Large", "URL"));
            if (url != null && !urls.contains(url)) {
                urls.add(url);
            }
        }
        return urls.isEmpty() ? null : urls;
    }

    private static JsonNode money(JsonNode node) {
        JsonNode m = field(node, "Money");
        return m != null ? m : node;
    }

    private static String attribute(JsonNode error, String message, List<String> requested) {
        for (String name : new String[] { "ASIN", "ItemId" }) {
            String v = text(field(error, name));
            if (v != null) {
                return v;
            }
        }
        if (message != null) {
            Matcher m = ASIN_IN_MESSAGE.matcher(message);
            while (m.find()) {
                if (requested.contains(m.group(1))) {
                    return m.group(1);
                }
            }
        }
        return requested.size() == 1 ? requested.get(0) : null;
    }

    static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (Iterator<Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    private static JsonNode path(JsonNode node, String... names) {
        JsonNode n = node;
        for (String name : names) {
            n = field(n, name);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() ? null : node.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node == null || !node.isValueNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        try {
            return new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal scale(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }
}
