package io.suite.catalog.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Catalog settings; every key is overridable by environment variable (e.g. {@code CATALOG_SOURCE=creators},
 * {@code CATALOG_PAAPI_SECRET_KEY}). Secrets have no default: the selected source refuses to start without them.
 */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    /** Which upstream feeds the catalog: {@code paapi} (PA-API 5.0, the seed's contract) or {@code creators}. */
    @WithDefault("paapi")
    String source();

    /** Marketplace used when an import names none. */
    @WithDefault("www.amazon.com")
    String defaultMarketplace();

    Paapi paapi();

    Creators creators();

    Refresh refresh();

    Imports imports();

    interface Paapi {

        Optional<String> accessKey();

        Optional<String> secretKey();

        Optional<String> partnerTag();

        /** Replaces {@code https://<marketplace host>} (sandbox, tests); signing still uses the marketplace's region. */
        Optional<URI> endpoint();

        @WithDefault("ItemInfo.Title,ItemInfo.ByLineInfo,ItemInfo.Features,Images.Primary.Large,Images.Variants.Large,"
                + "CustomerReviews.Count,CustomerReviews.StarRating,OffersV2.Listings.Price,OffersV2.Listings.Availability,"
                + "ParentASIN")
        List<String> resources();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("10s")
        Duration readTimeout();
    }

    interface Creators {

        Optional<String> credentialId();

        Optional<String> credentialSecret();

        /** 2.x (Cognito, form body, "Version" in the Authorization header) or 3.x (LWA, JSON body). */
        @WithDefault("2.1")
        String credentialVersion();

        Optional<String> partnerTag();

        @WithDefault("itemInfo.title,itemInfo.byLineInfo,itemInfo.features,images.primary.large,images.variants.large,"
                + "customerReviews.count,customerReviews.starRating,offersV2.listings.price,offersV2.listings.availability,"
                + "parentASIN")
        List<String> resources();

        /** The token is dropped this long before it expires, so no call carries a token that dies in flight. */
        @WithDefault("30s")
        Duration tokenExpiryMargin();
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

        /** ASINs per upstream call: GetItems takes up to 10, and ten cost one request. */
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
    }
}
