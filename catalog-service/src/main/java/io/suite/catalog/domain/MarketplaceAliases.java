package io.suite.catalog.domain;

import java.util.Locale;
import java.util.Map;

/**
 * The country codes people type for a marketplace ({@code US}, {@code DE}, {@code UK}), each standing for the code Amazon's
 * APIs use ({@code www.amazon.com}, {@code www.amazon.de}, {@code www.amazon.co.uk}); any case. A code that is no alias
 * is returned as given, for the marketplace table to accept or refuse.
 */
public final class MarketplaceAliases {

    private static final Map<String, String> BY_COUNTRY = Map.ofEntries(
            Map.entry("US", "www.amazon.com"), Map.entry("CA", "www.amazon.ca"), Map.entry("MX", "www.amazon.com.mx"),
            Map.entry("BR", "www.amazon.com.br"), Map.entry("UK", "www.amazon.co.uk"), Map.entry("GB", "www.amazon.co.uk"),
            Map.entry("DE", "www.amazon.de"), Map.entry("FR", "www.amazon.fr"), Map.entry("IT", "www.amazon.it"),
            Map.entry("ES", "www.amazon.es"), Map.entry("IN", "www.amazon.in"), Map.entry("NL", "www.amazon.nl"),
            Map.entry("SE", "www.amazon.se"), Map.entry("TR", "www.amazon.com.tr"), Map.entry("AE", "www.amazon.ae"),
            Map.entry("SA", "www.amazon.sa"), Map.entry("JP", "www.amazon.co.jp"), Map.entry("AU", "www.amazon.com.au"),
            Map.entry("SG", "www.amazon.sg"), Map.entry("BE", "www.amazon.com.be"), Map.entry("PL", "www.amazon.pl"),
            Map.entry("EG", "www.amazon.eg"), Map.entry("IE", "www.amazon.ie"));

    private MarketplaceAliases() {
    }

    /** The marketplace code for an alias, else the input unchanged (null stays null). */
    public static String canonical(String code) {
        if (code == null) {
            return null;
        }
        String alias = BY_COUNTRY.get(code.strip().toUpperCase(Locale.ROOT));
        return alias != null ? alias : code;
    }
}
