package io.suite.catalog.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Upstream replies: the real PA-API 5.0 captures (fixtures/paapi5) and replies built in their shape. */
public final class Fixtures {

    /** Real GetItems reply (Offers V1, full resources), www.amazon.com, 2019. */
    public static final String PAAPI_COM_FULL = "paapi5/test__cassettes__vacuum.yml__i28__getitems_com_fullresources.json";
    /** Real GetItems reply, www.amazon.de, prices in EUR. */
    public static final String PAAPI_DE_FULL = "paapi5/test__cassettes__vacuum.yml__i33__getitems_de_fullresources.json";
    /** Real GetItems reply with only the title. */
    public static final String PAAPI_COM_TITLE_ONLY = "paapi5/test__cassettes__vacuum.yml__i03__getitems_com.json";

    private Fixtures() {
    }

    public static String read(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real com reply with its ASIN replaced, so tests can import distinct products from real data. */
    public static String paapiFull(String asin) {
        return read(PAAPI_COM_FULL).replace("B07212L4G2", asin);
    }

    /**
     * A PA-API GetItems item in the Offers V2 shape (Price.Money, Savings, SavingBasis), as the sandbox renders it;
     * {@code price} null renders an item without a buyable offer (OUT_OF_STOCK).
     */
    public static String paapiV2Item(String asin, String price, String listPrice) {
        String listing;
        if (price == null) {
            listing = "{\"Availability\":{\"Message\":\"Currently unavailable.\",\"Type\":\"OUT_OF_STOCK\"},\"IsBuyBoxWinner\":false}";
        } else {
            String savings = "";
            if (listPrice != null) {
                BigDecimal s = new BigDecimal(listPrice).subtract(new BigDecimal(price));
                savings = ",\"SavingBasis\":{\"Money\":{\"Amount\":" + listPrice + ",\"Currency\":\"USD\",\"DisplayAmount\":\"$"
                        + listPrice + "\"},\"SavingBasisType\":\"LIST_PRICE\"},\"Savings\":{\"Money\":{\"Amount\":" + s
                        + ",\"Currency\":\"USD\",\"DisplayAmount\":\"$" + s + "\"},\"Percentage\":20}";
            }
            listing = "{\"Availability\":{\"MaxOrderQuantity\":30,\"Message\":\"In Stock\",\"MinOrderQuantity\":1,\"Type\":\"IN_STOCK\"},"
                    + "\"IsBuyBoxWinner\":true,\"Price\":{\"Money\":{\"Amount\":" + price
                    + ",\"Currency\":\"USD\",\"DisplayAmount\":\"$" + price + "\"}" + savings + "}}";
        }
        return "{\"ASIN\":\"" + asin + "\",\"CustomerReviews\":{\"Count\":1534,\"StarRating\":{\"Value\":4.5}},"
                + "\"DetailPageURL\":\"https://www.amazon.com/dp/" + asin + "?tag=test-20&linkCode=ogi&th=1&psc=1\","
                + "\"Images\":{\"Primary\":{\"Large\":{\"Height\":500,\"URL\":\"https://m.media-amazon.com/images/I/" + asin
                + ".jpg\",\"Width\":500}}},"
                + "\"ItemInfo\":{\"ByLineInfo\":{\"Brand\":{\"DisplayValue\":\"Espressif\",\"Label\":\"Brand\",\"Locale\":\"en_US\"},"
                + "\"Manufacturer\":{\"DisplayValue\":\"Espressif Systems\",\"Label\":\"Manufacturer\",\"Locale\":\"en_US\"}},"
                + "\"Features\":{\"DisplayValues\":[\"ESP32-WROOM-32UE module\",\"External antenna connector\"],\"Label\":\"Features\",\"Locale\":\"en_US\"},"
                + "\"Title\":{\"DisplayValue\":\"ESP32-DevKitC-32UE " + asin + "\",\"Label\":\"Title\",\"Locale\":\"en_US\"}},"
                + "\"OffersV2\":{\"Listings\":[" + listing + "]}}";
    }

    public static String paapiReply(String... items) {
        return "{\"ItemsResult\":{\"Items\":[" + String.join(",", items) + "]}}";
    }

    /** PA-API's partial-success error inside a 200, as the real API and the sandbox write it. */
    public static String paapiNotAccessible(String asin) {
        return "{\"__type\":\"com.amazon.paapi5#ErrorData\",\"Code\":\"ItemNotAccessible\",\"Message\":\"The ItemId " + asin
                + " is not accessible through the Product Advertising API.\"}";
    }

    public static String paapiReply(List<String> items, List<String> errors) {
        StringBuilder sb = new StringBuilder("{");
        if (!errors.isEmpty()) {
            sb.append("\"Errors\":[").append(String.join(",", errors)).append("]");
        }
        if (!items.isEmpty()) {
            if (!errors.isEmpty()) {
                sb.append(',');
            }
            sb.append("\"ItemsResult\":{\"Items\":[").append(String.join(",", items)).append("]}");
        }
        return sb.append('}').toString();
    }
}
