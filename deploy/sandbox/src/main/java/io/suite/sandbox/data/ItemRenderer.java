package io.suite.sandbox.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Renders a product as a PA-API 5.0 item (PascalCase), containing ONLY the requested resources.
 * The Creators API renders the same item and converts it to lowerCamelCase.
 */
@ApplicationScoped
public class ItemRenderer {

    /** GetItems resources the sandbox knows (PA-API names; the Creators API uses them lowerCamelCased). */
    public static final Set<String> RESOURCES = Set.of(
            "BrowseNodeInfo.BrowseNodes", "BrowseNodeInfo.BrowseNodes.Ancestor", "BrowseNodeInfo.BrowseNodes.SalesRank",
            "BrowseNodeInfo.WebsiteSalesRank",
            "CustomerReviews.Count", "CustomerReviews.StarRating",
            "Images.Primary.Small", "Images.Primary.Medium", "Images.Primary.Large", "Images.Primary.HighRes",
            "Images.Variants.Small", "Images.Variants.Medium", "Images.Variants.Large", "Images.Variants.HighRes",
            "ItemInfo.ByLineInfo", "ItemInfo.ContentInfo", "ItemInfo.ContentRating", "ItemInfo.Classifications",
            "ItemInfo.ExternalIds", "ItemInfo.Features", "ItemInfo.ManufactureInfo", "ItemInfo.ProductInfo",
            "ItemInfo.TechnicalInfo", "ItemInfo.Title", "ItemInfo.TradeInInfo",
            "OffersV2.Listings.Availability", "OffersV2.Listings.Condition", "OffersV2.Listings.DealDetails",
            "OffersV2.Listings.IsBuyBoxWinner", "OffersV2.Listings.LoyaltyPoints", "OffersV2.Listings.MerchantInfo",
            "OffersV2.Listings.Price", "OffersV2.Listings.Type",
            "ParentASIN");

    @Inject
    ProductCatalog catalog;

    public Map<String, Object> render(Product p, Set<String> resources, Marketplace mp, String partnerTag) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("ASIN", p.asin());
        String site = mp.name().replace("www.", "https://www.");
        item.put("DetailPageURL", site + "/dp/" + p.asin() + "?tag=" + partnerTag + "&linkCode=ogi&th=1&psc=1");
        String loc = mp.locale();

        if (resources.stream().anyMatch(r -> r.startsWith("BrowseNodeInfo."))) {
            Map<String, Object> bni = new LinkedHashMap<>();
            if (resources.contains("BrowseNodeInfo.BrowseNodes") || resources.contains("BrowseNodeInfo.BrowseNodes.Ancestor")
                    || resources.contains("BrowseNodeInfo.BrowseNodes.SalesRank")) {
                Map<String, Object> node = new LinkedHashMap<>();
                if (resources.contains("BrowseNodeInfo.BrowseNodes.Ancestor")) {
                    node.put("Ancestor", Map.of("ContextFreeName", p.productGroup(), "DisplayName", p.productGroup(), "Id",
                            Long.toString(p.browseNodeId() / 10)));
                }
                node.put("ContextFreeName", p.browseNodeName());
                node.put("DisplayName", p.browseNodeName());
                node.put("Id", Long.toString(p.browseNodeId()));
                node.put("IsRoot", false);
                if (resources.contains("BrowseNodeInfo.BrowseNodes.SalesRank")) {
                    node.put("SalesRank", p.salesRank());
                }
                bni.put("BrowseNodes", List.of(node));
            }
            if (resources.contains("BrowseNodeInfo.WebsiteSalesRank")) {
                bni.put("WebsiteSalesRank",
                        Map.of("ContextFreeName", p.productGroup(), "DisplayName", p.productGroup(), "SalesRank", p.salesRank() * 3));
            }
            item.put("BrowseNodeInfo", bni);
        }
        if (resources.contains("CustomerReviews.Count") || resources.contains("CustomerReviews.StarRating")) {
            Map<String, Object> cr = new LinkedHashMap<>();
            if (resources.contains("CustomerReviews.Count")) {
                cr.put("Count", p.reviewCount());
            }
            if (resources.contains("CustomerReviews.StarRating")) {
                cr.put("StarRating", Map.of("Value", p.starRating()));
            }
            item.put("CustomerReviews", cr);
        }
        Map<String, Object> images = new LinkedHashMap<>();
        Map<String, Object> primary = images(p.imageId(), resources, "Images.Primary.");
        if (!primary.isEmpty()) {
            images.put("Primary", primary);
        }
        Map<String, Object> variant = images(p.imageId() + "V", resources, "Images.Variants.");
        if (!variant.isEmpty()) {
            images.put("Variants", List.of(variant));
        }
        if (!images.isEmpty()) {
            item.put("Images", images);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        if (resources.contains("ItemInfo.ByLineInfo")) {
            info.put("ByLineInfo",
                    Map.of("Brand", label(p.brand(), "Brand", loc), "Manufacturer", label(p.manufacturer(), "Manufacturer", loc)));
        }
        if (resources.contains("ItemInfo.Classifications")) {
            info.put("Classifications",
                    Map.of("Binding", label(p.binding(), "Binding", loc), "ProductGroup", label(p.productGroup(), "ProductGroup", loc)));
        }
        if (resources.contains("ItemInfo.ExternalIds")) {
            String upc = Long.toString(100_000_000_000L + Math.floorMod(p.asin().hashCode(), 899_999_999_999L));
            info.put("ExternalIds", Map.of("EANs", Map.of("DisplayValues", List.of("0" + upc), "Label", "EAN", "Locale", "en_US"),
                    "UPCs", Map.of("DisplayValues", List.of(upc), "Label", "UPC", "Locale", "en_US")));
        }
        if (resources.contains("ItemInfo.Features")) {
            info.put("Features", Map.of("DisplayValues", p.features(), "Label", "Features", "Locale", loc));
        }
        if (resources.contains("ItemInfo.ManufactureInfo")) {
            info.put("ManufactureInfo", Map.of("Model", label("M-" + p.asin().substring(4), "Model", "en_US")));
        }
        if (resources.contains("ItemInfo.ProductInfo")) {
            Map<String, Object> pi = new LinkedHashMap<>();
            pi.put("IsAdultProduct", Map.of("DisplayValue", false, "Label", "IsAdultProduct", "Locale", "en_US"));
            pi.put("UnitCount", Map.of("DisplayValue", 1, "Label", "NumberOfItems", "Locale", "en_US"));
            info.put("ProductInfo", pi);
        }
        if (resources.contains("ItemInfo.Title")) {
            info.put("Title", label(p.title(), "Title", loc));
        }
        if (!info.isEmpty()) {
            item.put("ItemInfo", info);
        }
        if (resources.stream().anyMatch(r -> r.startsWith("OffersV2.Listings."))) {
            Map<String, Object> winner = listing(p, resources, mp);
            ProductCatalog.Offer offer = catalog.offer(p);
            // the buy-box winner is not always first: a client that prices from the first listing gets it wrong
            item.put("OffersV2", Map.of("Listings", p.thirdPartyListing() && offer.available()
                    ? List.of(thirdPartyListing(offer, resources, mp), winner) : List.of(winner)));
        }
        if (resources.contains("ParentASIN") && p.parentAsin() != null) {
            item.put("ParentASIN", p.parentAsin());
        }
        return item;
    }

    private Map<String, Object> listing(Product p, Set<String> resources, Marketplace mp) {
        ProductCatalog.Offer offer = catalog.offer(p);
        Map<String, Object> l = new LinkedHashMap<>();
        if (resources.contains("OffersV2.Listings.Availability")) {
            Map<String, Object> a = new LinkedHashMap<>();
            if (offer.available()) {
                a.put("MaxOrderQuantity", 30);
            }
            a.put("Message", offer.message());
            if (offer.available()) {
                a.put("MinOrderQuantity", 1);
            }
            a.put("Type", offer.availability());
            l.put("Availability", a);
        }
        if (resources.contains("OffersV2.Listings.Condition")) {
            l.put("Condition", Map.of("SubCondition", "New", "Value", "New"));
        }
        if (resources.contains("OffersV2.Listings.DealDetails") && offer.available() && p.listPrice() != null && p.volatilePrice()) {
            l.put("DealDetails", Map.of("AccessType", "ALL", "Badge", "Limited time deal", "PercentClaimed", 40));
        }
        if (resources.contains("OffersV2.Listings.IsBuyBoxWinner")) {
            l.put("IsBuyBoxWinner", offer.available());
        }
        if (resources.contains("OffersV2.Listings.LoyaltyPoints") && mp.currency().equals("JPY") && offer.available()) {
            l.put("LoyaltyPoints", Map.of("Points", offer.price().intValue() / 100));
        }
        if (resources.contains("OffersV2.Listings.MerchantInfo")) {
            l.put("MerchantInfo", Map.of("Id", "ATVPDKIKX0DER", "Name", "Amazon.com"));
        }
        if (resources.contains("OffersV2.Listings.Price") && offer.available()) {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("Money", money(offer.price(), mp));
            if (p.listPrice() != null && p.listPrice().compareTo(offer.price()) > 0) {
                BigDecimal saving = p.listPrice().subtract(offer.price());
                price.put("SavingBasis",
                        Map.of("Money", money(p.listPrice(), mp), "SavingBasisType", "LIST_PRICE", "SavingBasisTypeLabel", "List Price"));
                price.put("Savings", Map.of("Money", money(saving, mp),
                        "Percentage", saving.multiply(BigDecimal.valueOf(100)).divide(p.listPrice(), 0, RoundingMode.HALF_UP).intValue()));
            }
            l.put("Price", price);
        }
        if (resources.contains("OffersV2.Listings.Type")) {
            l.put("Type", "BUY_BOX");
        }
        return l;
    }

    /** A marketplace seller's listing, 7 % below the buy box, that did not win it. */
    private static Map<String, Object> thirdPartyListing(ProductCatalog.Offer offer, Set<String> resources, Marketplace mp) {
        Map<String, Object> l = new LinkedHashMap<>();
        if (resources.contains("OffersV2.Listings.Availability")) {
            l.put("Availability", Map.of("MaxOrderQuantity", 3, "Message", "Only 2 left in stock - order soon.", "MinOrderQuantity", 1,
                    "Type", "IN_STOCK_SCARCE"));
        }
        if (resources.contains("OffersV2.Listings.IsBuyBoxWinner")) {
            l.put("IsBuyBoxWinner", false);
        }
        if (resources.contains("OffersV2.Listings.MerchantInfo")) {
            l.put("MerchantInfo", Map.of("Id", "A3SANDBOXSELLER", "Name", "Sandbox Marketplace Seller"));
        }
        if (resources.contains("OffersV2.Listings.Price")) {
            BigDecimal price = offer.price().multiply(new BigDecimal("0.93")).setScale(2, RoundingMode.HALF_UP);
            l.put("Price", Map.of("Money", money(price, mp)));
        }
        if (resources.contains("OffersV2.Listings.Type")) {
            l.put("Type", "NEW");
        }
        return l;
    }

    private static Map<String, Object> money(BigDecimal amount, Marketplace mp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Amount", amount);
        m.put("Currency", mp.currency());
        m.put("DisplayAmount", mp.displayAmount(amount));
        return m;
    }

    private static Map<String, Object> images(String imageId, Set<String> resources, String prefix) {
        Map<String, Object> m = new LinkedHashMap<>();
        String base = "https://m.media-amazon.com/images/I/" + imageId;
        if (resources.contains(prefix + "Small")) {
            m.put("Small", Map.of("Height", 75, "URL", base + "._SL75_.jpg", "Width", 75));
        }
        if (resources.contains(prefix + "Medium")) {
            m.put("Medium", Map.of("Height", 160, "URL", base + "._SL160_.jpg", "Width", 160));
        }
        if (resources.contains(prefix + "Large")) {
            m.put("Large", Map.of("Height", 500, "URL", base + ".jpg", "Width", 500));
        }
        if (resources.contains(prefix + "HighRes")) {
            m.put("HighRes", Map.of("Height", 1500, "URL", base + "._SL1500_.jpg", "Width", 1500));
        }
        return m;
    }

    private static Map<String, Object> label(String value, String label, String locale) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("DisplayValue", value);
        m.put("Label", label);
        m.put("Locale", locale);
        return m;
    }

    /** PA-API PascalCase to the Creators API's lowerCamelCase (ASIN → asin, DetailPageURL → detailPageURL). */
    @SuppressWarnings("unchecked")
    public static Object toLowerCamel(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(lowerCamel((String) k), toLowerCamel(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(toLowerCamel(x)));
            return out;
        }
        return v;
    }

    public static String lowerCamel(String k) {
        if (k.isEmpty()) {
            return k;
        }
        if (k.equals(k.toUpperCase())) {
            return k.toLowerCase();
        }
        return Character.toLowerCase(k.charAt(0)) + k.substring(1);
    }

    /** Creators resource name (lowerCamel segments) to the PA-API resource name. */
    public static String toPascalResource(String r) {
        StringBuilder sb = new StringBuilder();
        for (String seg : r.split("\\.", -1)) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            if (seg.isEmpty()) {
                return null;
            }
            sb.append(Character.toUpperCase(seg.charAt(0))).append(seg.substring(1));
        }
        return sb.toString();
    }
}
