package io.suite.sandbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the sandbox. Each value can be overridden by an environment variable
 * (e.g. {@code sandbox.lwa.access-token-ttl} by {@code SANDBOX_LWA_ACCESS_TOKEN_TTL}).
 *
 * <p>SANDBOX-ONLY CREDENTIALS: the defaults below are fake test credentials that exist only in this
 * imitation. They open nothing at Amazon or Polygon and must never be replaced by real secrets.
 */
@ConfigMapping(prefix = "sandbox")
public interface SandboxConfig {

    /** Seed of all generated data (users, accounts, tickers, products). */
    @WithDefault("42")
    long seed();

    Lwa lwa();

    Ads ads();

    Polygon polygon();

    Paapi paapi();

    Creators creators();

    Products products();

    /** Rate limits as "count/window" rules, comma separated (e.g. "1/1s,8640/1d"), or "unlimited". */
    Limits limits();

    interface Lwa {
        /** Sandbox-only LWA client id. */
        @WithDefault("amzn1.application-oa2-client.sandbox")
        String clientId();

        /** Sandbox-only LWA client secret (fake). */
        @WithDefault("sandbox-lwa-client-secret")
        String clientSecret();

        @WithDefault("3600s")
        Duration accessTokenTtl();

        @WithDefault("300s")
        Duration codeTtl();

        /** When true, refresh_token grants reply without a refresh_token (the client must keep its old one). */
        @WithDefault("false")
        boolean omitRefreshTokenOnRefresh();
    }

    interface Products {
        /** Products in the catalog, B08DQQ8CBP included; raise it (e.g. 10000) for refresh benchmarks. */
        @WithDefault("51")
        int count();
    }

    interface Ads {
        /** Number of ads accounts owned by the "big" sandbox user. */
        @WithDefault("10000")
        int accounts();
    }

    interface Polygon {
        /** Sandbox-only key on the free ("Basic") plan: 5 requests/minute, end-of-day aggregates, no trades, NBBO or snapshots. */
        @WithDefault("sandbox-polygon-free")
        String freeKey();

        /** Sandbox-only key on the Starter plan: + snapshots 15 minutes delayed, no trades or NBBO (unlimited calls). */
        @WithDefault("sandbox-polygon-starter")
        String starterKey();

        /** Sandbox-only key on the Developer plan: + trades (15 minutes delayed), no NBBO (unlimited calls). */
        @WithDefault("sandbox-polygon-developer")
        String developerKey();

        /** Sandbox-only key on the Advanced plan: everything, real time (unlimited by default). */
        @WithDefault("sandbox-polygon-paid")
        String paidKey();
    }

    interface Paapi {
        /** Sandbox-only access key id (deliberately not AKIA-shaped). */
        @WithDefault("SANDBOXACCESSKEYID01")
        String accessKey();

        /** Sandbox-only secret key (fake). */
        @WithDefault("sandbox/paapi/secret/key")
        String secretKey();

        @WithDefault("suite-20")
        String partnerTag();

        /** Signing region accepted for hosts that are not Amazon hosts (127.0.0.1, localhost, ...). */
        @WithDefault("us-east-1")
        String region();

        /** Largest accepted distance between x-amz-date and the sandbox clock. */
        @WithDefault("5m")
        Duration maxClockSkew();
    }

    interface Creators {
        /** Sandbox-only Creators API credential id. */
        @WithDefault("sandbox-creators-id")
        String credentialId();

        /** Sandbox-only Creators API credential secret (fake). */
        @WithDefault("sandbox-creators-secret")
        String credentialSecret();

        /** Version of the credential when used through Cognito (2.1 NA, 2.2 EU, 2.3 FE). */
        @WithDefault("2.1")
        String cognitoVersion();

        /** Version of the credential when used through LWA (3.1 NA, 3.2 EU, 3.3 FE). */
        @WithDefault("3.1")
        String lwaVersion();

        @WithDefault("3600s")
        Duration tokenTtl();

        /** Public base URL used in DetailPageURL/detailPageURL links. */
        Optional<String> detailPageBase();
    }

    interface Limits {
        @WithDefault("unlimited")
        String lwa();

        @WithDefault("100/30s")
        String ads();

        @WithDefault("5/60s")
        String polygonFree();

        @WithDefault("unlimited")
        String polygonPaid();

        @WithDefault("1/1s,8640/1d")
        String paapi();

        @WithDefault("1/1s,8640/1d")
        String creators();
    }
}
