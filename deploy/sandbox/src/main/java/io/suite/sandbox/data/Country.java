package io.suite.sandbox.data;

import java.util.Arrays;
import java.util.List;

/** Ads countries with their region, currency, marketplace id and profile timezone (UPSTREAMS §2). */
public enum Country {
    US("na", "USD", "ATVPDKIKX0DER", "America/Los_Angeles"),
    CA("na", "CAD", "A2EUQ1WTGCTBG2", "America/Los_Angeles"),
    MX("na", "MXN", "A1AM78C64UM0Y8", "America/Los_Angeles"),
    BR("na", "BRL", "A2Q3Y263D00KWC", "America/Sao_Paulo"),
    UK("eu", "GBP", "A1F83G8C2ARO7P", "Europe/London"),
    FR("eu", "EUR", "A13V1IB3VIYZZH", "Europe/Paris"),
    IT("eu", "EUR", "APJ6JRA9NG5V4", "Europe/Rome"),
    ES("eu", "EUR", "A1RKKUPIHCS9HS", "Europe/Paris"),
    DE("eu", "EUR", "A1PA6795UKMFR9", "Europe/Paris"),
    NL("eu", "EUR", "A1805IZSGTT6HS", "Europe/Amsterdam"),
    AE("eu", "AED", "A2VIGQ35RCS4UG", "Asia/Dubai"),
    PL("eu", "PLN", "A1C3SOZRARQ6R3", "Europe/Warsaw"),
    TR("eu", "TRY", "A33AVAJ2PDY3EV", "Europe/Istanbul"),
    EG("eu", "EGP", "ARBP9OOSHTCHU", "Africa/Cairo"),
    SA("eu", "SAR", "A17E79C6D8DWNP", "Asia/Riyadh"),
    SE("eu", "SEK", "A2NODRKZP88ZB9", "Europe/Stockholm"),
    BE("eu", "EUR", "AMEN7PMS3EDWL", "Europe/Brussels"),
    IN("eu", "INR", "A21TJRUUN4KGV", "Asia/Kolkata"),
    ZA("eu", "ZAR", "AE08WJ6YKNBMC", "Africa/Johannesburg"),
    JP("fe", "JPY", "A1VC38T7YXB528", "Asia/Tokyo"),
    AU("fe", "AUD", "A39IBJ37TRP1C6", "Australia/Sydney"),
    SG("fe", "SGD", "A19VAU5U5O7RUS", "Asia/Singapore");

    public static final List<String> REGIONS = List.of("na", "eu", "fe");

    public final String region;
    public final String currency;
    public final String marketplaceId;
    public final String timezone;

    Country(String region, String currency, String marketplaceId, String timezone) {
        this.region = region;
        this.currency = currency;
        this.marketplaceId = marketplaceId;
        this.timezone = timezone;
    }

    public static List<Country> of(String region) {
        return Arrays.stream(values()).filter(c -> c.region.equals(region)).toList();
    }
}
