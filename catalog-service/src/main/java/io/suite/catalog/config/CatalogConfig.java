package io.suite.catalog.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Catalog settings; every key is overridable by environment variable (e.g. {@code CATALOG_SOURCE=paapi},
 * {@code CATALOG_STORES_US_CREDENTIAL_SECRET}). Secrets have no default outside the dev and test profiles: the selected
 * source refuses to start without them, naming the missing key.
 */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    /** Which upstream feeds the catalog: {@code creators} (the Creators API, live) or {@code paapi} (PA-API 5.0, retired). */
    @WithDefault("creators")
    String source();

    /** Marketplace used when an import names none. */
    @WithDefault("www.amazon.com")
    String defaultMarketplace();

    /**
     * Associate stores by id ({@code catalog.stores.<id>.*}, e.g. {@code CATALOG_STORES_US_CREDENTIAL_ID}): the
     * credential of one region and a partner tag (tracking id) per marketplace it serves. A marketplace is served by at
     * most one store; products of a marketplace no store serves are refused at import and never sent upstream.
     */
    Map<String, Store> stores();

    Paapi paapi();

    Creators creators();

    Refresh refresh();

    Imports imports();

    DailyQuota dailyQuota();

    interface Store {

        /** Creators API credential id (Associates Central, "Creators API" credentials). */
        Optional<String> credentialId();

        Optional<String> credentialSecret();

        /**
         * Creators API credential version: 2.1/2.2/2.3 (Cognito, NA/EU/FE) or 3.1/3.2/3.3 (Login with Amazon, NA/EU/FE).
         * The token endpoint, body format, scope and Authorization header follow from it.
         */
        Optional<String> credentialVersion();

        /** Replaces the version's token endpoint (sandbox, tests). */
        Optional<URI> tokenUrl();

        /** PA-API 5.0 access key of this store (catalog.source=paapi). */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** {@code marketplace=tracking id} pairs, e.g. {@code www.amazon.com=mystore-20,www.amazon.ca=mystore0c-20}. */
        List<String> partnerTags();

        /** This store's request quota, shared by every replica: PA-API's starting quota unless Amazon granted more. */
        @WithDefault("1/1s,8640/1d")
        List<String> budget();
    }

    interface Paapi {

        /** Replaces {@code https://<marketplace host>} (sandbox, tests); signing still uses the marketplace's region. */
        Optional<URI> endpoint();

        @WithDefault("ItemInfo.Title,ItemInfo.ByLineInfo,ItemInfo.Features,Images.Primary.Large,Images.Variants.Large,"
                + "CustomerReviews.Count,CustomerReviews.StarRating,OffersV2.Listings.Price,OffersV2.Listings.Availability,"
                + "OffersV2.Listings.IsBuyBoxWinner,ParentASIN")
        List<String> resources();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("10s")
        Duration readTimeout();
    }

    interface Creators {

        /** The Creators API as the REST client calls it: read from {@code quarkus.rest-client.creators.url}, not set twice. */
        @WithDefault("${quarkus.rest-client.creators.url:}")
        Optional<URI> url();

        @WithDefault("itemInfo.title,itemInfo.byLineInfo,itemInfo.features,images.primary.large,images.variants.large,"
                + "customerReviews.count,customerReviews.starRating,offersV2.listings.price,offersV2.listings.availability,"
                + "offersV2.listings.isBuyBoxWinner,parentASIN")
        List<String> resources();

        /** A token is replaced this long before it expires, so no call carries a token that dies in flight (Amazon's SDK: 30 s). */
        @WithDefault("30s")
        Duration tokenExpiryMargin();

        /** Timeouts of the token endpoints (Cognito, Login with Amazon). */
        @WithDefault("5s")
        Duration tokenConnectTimeout();

        @WithDefault("10s")
        Duration tokenReadTimeout();
    }

    interface DailyQuota {

        /**
         * Where the upstream's day starts: after an answer saying the daily request quota is exhausted, the store's budget
         * stays closed until the next midnight of this zone (unless the answer carried a Retry-After).
         */
        @WithDefault("UTC")
        ZoneId resetZone();
    }

    interface Refresh {

        /** How often the worker runs ({@code off} disables the schedule; the run endpoint still works). */
        @WithDefault("1h")
        String every();

        /** Wait after start-up before the first scheduled run. */
        @WithDefault("30s")
        String initialDelay();

        /** A product is due this long after its last refresh. */
        @WithDefault("24h")
        Duration interval();

        /** ASINs per upstream call: GetItems of both APIs takes at most 10, and ten cost one request; more fails start-up. */
        @WithDefault("10")
        int batchSize();

        /** Upstream calls one run may make at most (the day's quota is 8,640). */
        @WithDefault("3000")
        int maxCallsPerRun();

        /** Calls in flight at once per instance; the shared budget still paces them. */
        @WithDefault("1")
        int concurrency();

        /** Lease on claimed products: longer than one call with all its retries and budget waits. */
        @WithDefault("5m")
        Duration lease();

        /** When a failed or skipped product is tried again. */
        @WithDefault("1h")
        Duration retryDelay();
    }

    interface Imports {

        /** Retry-After sent with a 503 when the upstream gave no hint of its own. */
        @WithDefault("30s")
        Duration retryAfter();

        @WithDefault("100")
        int batchMax();

        /**
         * Fair share of each store's budget that one admin's imports may use (the rest stays for the refresh worker and
         * other admins); beyond it an import waits up to {@link #adminShareMaxWait()}, then gets 429 with Retry-After.
         */
        @WithDefault("0.5")
        double adminShare();

        @WithDefault("10s")
        Duration adminShareMaxWait();
    }
}
