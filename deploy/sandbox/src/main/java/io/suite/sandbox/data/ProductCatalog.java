package io.suite.sandbox.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.suite.sandbox.config.SandboxConfig;
import io.suite.sandbox.support.SandboxClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seeded products (always including {@code B08DQQ8CBP}, an ESP32 dev board) whose price and
 * availability move over time: some prices change every hour, some products are out of stock on
 * alternate days; the control API can set price/availability or remove a product.
 */
@ApplicationScoped
public class ProductCatalog {

    /** Price and availability at this moment. {@code price} is null when not purchasable. */
    public record Offer(BigDecimal price, String availability, String message) {
        public boolean available() {
            return price != null;
        }
    }

    public record Override(BigDecimal price, String availability) {
    }

    public static final Set<String> AVAILABILITY_TYPES = Set.of("IN_STOCK", "IN_STOCK_SCARCE", "OUT_OF_STOCK", "PREORDER", "LEADTIME",
            "AVAILABLE_DATE", "UNKNOWN");

    private static final String[][] KINDS = {
            { "USB-C Charging Cable 2m", "Electronics", "Cable", "Electronics" },
            { "Wireless Mouse", "PC Accessories", "Personal Computers", "Personal Computer" },
            { "Stainless Steel Water Bottle 750ml", "Kitchen", "Kitchen", "Kitchen" },
            { "Mechanical Keyboard", "PC Accessories", "Personal Computers", "Personal Computer" },
            { "Arduino-Compatible Starter Kit", "Electronics", "Electronics", "Electronics" },
            { "Raspberry Pi Case with Fan", "Electronics", "Electronics", "Electronics" },
            { "LED Desk Lamp", "Home", "Home", "Home Improvement" },
            { "Noise Cancelling Headphones", "Electronics", "Electronics", "CE" },
            { "Paperback Notebook A5", "Office Products", "Office Product", "Office Product" },
            { "Soldering Iron Kit 60W", "Tools", "Tools & Home Improvement", "Home Improvement" } };
    private static final String[] BRANDS = { "Anker", "Logitech", "Ugreen", "Elegoo", "AZDelivery", "Keychron", "TaoTronics", "HiLetgo",
            "Moleskine", "Weller" };

    private final SandboxClock clock;
    private final long seed;
    private final Map<String, Product> seeded = new LinkedHashMap<>();
    private final Map<String, Override> overrides = new ConcurrentHashMap<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();

    @Inject
    public ProductCatalog(SandboxConfig config, SandboxClock clock) {
        this.clock = clock;
        this.seed = config.seed();
        Random r = new Random(seed + 7);
        add(new Product("B08DQQ8CBP", null, "ESP32-DevKitC-32E Development Board, ESP32-WROOM-32E, WiFi + Bluetooth, 2 Pack",
                "Espressif", "Espressif Systems", "Electronics", "CE",
                List.of("ESP32-WROOM-32E module with 4 MB flash", "Dual-core 240 MHz Xtensa LX6",
                        "2.4 GHz Wi-Fi and Bluetooth 4.2 BR/EDR + BLE",
                        "USB-to-UART bridge, breadboard friendly"),
                "61Uq2uKbqSL", new BigDecimal("15.99"), new BigDecimal("19.99"), 2143, new BigDecimal("4.5"), 300334L,
                "Single Board Computers",
                1834, true, false, false));
        for (int i = 0; i < config.products().count() - 1; i++) {
            String[] kind = KINDS[i % KINDS.length];
            String brand = BRANDS[r.nextInt(BRANDS.length)];
            String asin = "B0" + random(r, 8);
            BigDecimal price = BigDecimal.valueOf(5 + r.nextInt(19500) / 100.0).setScale(2, RoundingMode.HALF_UP);
            BigDecimal list = r.nextInt(3) == 0
                    ? price.multiply(BigDecimal.valueOf(1.1 + r.nextInt(30) / 100.0)).setScale(2, RoundingMode.HALF_UP) : null;
            add(new Product(asin, i % 7 == 0 ? "B0" + random(r, 8) : null, brand + " " + kind[0] + " (Model " + (100 + i) + ")",
                    brand, brand + " Inc.", kind[1], kind[3],
                    List.of("Sandbox product " + (i + 1) + " of the " + brand + " range", "Deterministic test data, seed " + seed),
                    random(r, 11), price, list, r.nextInt(20000), BigDecimal.valueOf(30 + r.nextInt(21), 1),
                    1_000_000L + r.nextInt(9_000_000), kind[2], 1 + r.nextInt(200_000), i % 5 == 0, i % 9 == 4, i % 4 == 1));
        }
    }

    private void add(Product p) {
        seeded.put(p.asin(), p);
    }

    private static String random(Random r, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    public void reset() {
        overrides.clear();
        removed.clear();
    }

    public List<String> asins() {
        return seeded.keySet().stream().filter(a -> !removed.contains(a)).toList();
    }

    public Optional<Product> find(String asin) {
        return removed.contains(asin) ? Optional.empty() : Optional.ofNullable(seeded.get(asin));
    }

    public boolean exists(String asin) {
        return seeded.containsKey(asin);
    }

    public void override(String asin, BigDecimal price, String availability) {
        Override old = overrides.get(asin);
        overrides.put(asin, new Override(price != null ? price : old == null ? null : old.price(),
                availability != null ? availability : old == null ? null : old.availability()));
        removed.remove(asin);
    }

    public void remove(String asin) {
        removed.add(asin);
    }

    /** Price and availability of the product now (hourly price moves; flaky items are out of stock on odd days). */
    public Offer offer(Product p) {
        long now = clock.millis();
        long hour = now / 3_600_000L;
        long day = now / 86_400_000L;
        BigDecimal price = p.basePrice();
        if (p.volatilePrice()) {
            double f = 1 + 0.08 * Math.sin(hour * 1.7 + p.asin().hashCode());
            price = price.multiply(BigDecimal.valueOf(f)).setScale(2, RoundingMode.HALF_UP);
        }
        String availability = p.flaky() && day % 2 == 1 ? "OUT_OF_STOCK" : "IN_STOCK";
        Override o = overrides.get(p.asin());
        if (o != null) {
            if (o.price() != null) {
                price = o.price();
            }
            if (o.availability() != null) {
                availability = o.availability();
            }
        }
        if (availability.equals("OUT_OF_STOCK") || availability.equals("UNKNOWN")) {
            return new Offer(null, availability, availability.equals("OUT_OF_STOCK") ? "Currently unavailable." : "");
        }
        String message = switch (availability) {
            case "IN_STOCK_SCARCE" -> "Only 3 left in stock - order soon.";
            case "PREORDER" -> "This item will be released soon.";
            case "LEADTIME" -> "Usually ships within 1 to 2 months.";
            case "AVAILABLE_DATE" -> "Available for delivery next month.";
            default -> "In Stock";
        };
        return new Offer(price, availability, message);
    }

    public Map<String, Override> overrides() {
        return Collections.unmodifiableMap(overrides);
    }

    public List<String> removedAsins() {
        return new ArrayList<>(removed);
    }
}
