package io.suite.sandbox.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Product-data marketplaces with their PA-API host, signing region, currency and locale (UPSTREAMS §4a). */
public record Marketplace(String name, String host, String region, String currency, String locale) {

    private static final Map<String, Marketplace> ALL = new LinkedHashMap<>();

    static {
        add("www.amazon.com", "us-east-1", "USD", "en_US");
        add("www.amazon.ca", "us-east-1", "CAD", "en_CA");
        add("www.amazon.com.mx", "us-east-1", "MXN", "es_MX");
        add("www.amazon.com.br", "us-east-1", "BRL", "pt_BR");
        add("www.amazon.co.uk", "eu-west-1", "GBP", "en_GB");
        add("www.amazon.de", "eu-west-1", "EUR", "de_DE");
        add("www.amazon.fr", "eu-west-1", "EUR", "fr_FR");
        add("www.amazon.it", "eu-west-1", "EUR", "it_IT");
        add("www.amazon.es", "eu-west-1", "EUR", "es_ES");
        add("www.amazon.in", "eu-west-1", "INR", "en_IN");
        add("www.amazon.nl", "eu-west-1", "EUR", "nl_NL");
        add("www.amazon.se", "eu-west-1", "SEK", "sv_SE");
        add("www.amazon.com.tr", "eu-west-1", "TRY", "tr_TR");
        add("www.amazon.ae", "eu-west-1", "AED", "en_AE");
        add("www.amazon.sa", "eu-west-1", "SAR", "en_AE");
        add("www.amazon.com.be", "eu-west-1", "EUR", "fr_BE");
        add("www.amazon.pl", "eu-west-1", "PLN", "pl_PL");
        add("www.amazon.eg", "eu-west-1", "EGP", "en_AE");
        add("www.amazon.ie", "eu-west-1", "EUR", "en_IE");
        add("www.amazon.co.jp", "us-west-2", "JPY", "ja_JP");
        add("www.amazon.com.au", "us-west-2", "AUD", "en_AU");
        add("www.amazon.sg", "us-west-2", "SGD", "en_SG");
    }

    private static void add(String name, String region, String currency, String locale) {
        ALL.put(name, new Marketplace(name, name.replace("www.", "webservices."), region, currency, locale));
    }

    public static Collection<Marketplace> all() {
        return ALL.values();
    }

    /** The store region of this marketplace (NA, EU or FE), as Creators credentials are regional. */
    public String storeRegion() {
        return switch (region) {
            case "eu-west-1" -> "EU";
            case "us-west-2" -> "FE";
            default -> "NA";
        };
    }

    /** The country part of the domain: com → us, co.uk → uk, com.be → be. */
    public String country() {
        String tld = name.substring("www.amazon.".length());
        return tld.equals("com") ? "us" : tld.substring(tld.lastIndexOf('.') + 1);
    }

    public static Optional<Marketplace> byName(String name) {
        return Optional.ofNullable(name == null ? null : ALL.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The signing region a real PA-API host requires, empty for non-Amazon hosts (localhost, 127.0.0.1...). */
    public static Optional<String> regionOfHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
        return ALL.values().stream().filter(m -> m.host().equals(h)).map(Marketplace::region).findFirst();
    }

    /** The default marketplace of a signing region. */
    public static Marketplace defaultFor(String region) {
        return switch (region) {
            case "eu-west-1" -> ALL.get("www.amazon.co.uk");
            case "us-west-2" -> ALL.get("www.amazon.co.jp");
            default -> ALL.get("www.amazon.com");
        };
    }

    public String displayAmount(BigDecimal amount) {
        BigDecimal a = amount.setScale(currency.equals("JPY") ? 0 : 2, RoundingMode.HALF_UP);
        return switch (currency) {
            case "USD", "CAD", "AUD", "SGD", "MXN" -> "$" + a.toPlainString();
            case "GBP" -> "£" + a.toPlainString();
            case "EUR" -> a.toPlainString().replace('.', ',') + "\u00a0€";
            case "JPY" -> "￥" + a.toPlainString();
            default -> currency + " " + a.toPlainString();
        };
    }
}
