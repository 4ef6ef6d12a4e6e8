package io.suite.sandbox.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the sandbox. Each value can be overridden by an environment variable
 * (e.g. {@code sandbox.lwa.access-token-ttl} by {@code SANDBOX_LWA_ACCESS_TOKEN_TTL}).
 *
 * <p>
 * SANDBOX-ONLY CREDENTIALS: the defaults below are fake test credentials that exist only in this
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

    Traces traces();

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

    /** The OTLP/HTTP trace receiver ({@code POST /v1/traces}) that test runs point the services at. */
    interface Traces {
        /** Spans kept in memory, the newest; older ones are dropped. */
        @WithDefault("20000")
        int capacity();
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

        /** Tracking id of the North American store's www.amazon.com; the other marketplaces' tags are in {@code /_control/data}. */
        @WithDefault("suite-20")
        String partnerTag();

        /** Sandbox-only access key of the European store. */
        @WithDefault("SANDBOXACCESSKEYEU01")
        String euAccessKey();

        @WithDefault("sandbox/paapi/secret/key-eu")
        String euSecretKey();

        /** Sandbox-only access key of the Far East store. */
        @WithDefault("SANDBOXACCESSKEYFE01")
        String feAccessKey();

        @WithDefault("sandbox/paapi/secret/key-fe")
        String feSecretKey();

        /** Signing region accepted for hosts that are not Amazon hosts (127.0.0.1, localhost, ...). */
        @WithDefault("us-east-1")
        String region();

        /** Largest accepted distance between x-amz-date and the sandbox clock. */
        @WithDefault("5m")
        Duration maxClockSkew();
    }

    interface Creators {
        /**
         * Sandbox-only Creators API credential of the North American store: a credential is valid in its region only
         * and gets version 2.1 through Cognito us-east-1 or 3.1 through LWA NA (the real one has one version).
         */
        @WithDefault("sandbox-creators-id")
        String credentialId();

        /** Sandbox-only Creators API credential secret (fake). */
        @WithDefault("sandbox-creators-secret")
        String credentialSecret();

        /** Sandbox-only credential of the European store (2.2 through Cognito eu-south-2, 3.2 through LWA EU). */
        @WithDefault("sandbox-creators-eu-id")
        String euCredentialId();

        @WithDefault("sandbox-creators-eu-secret")
        String euCredentialSecret();

        /** Sandbox-only credential of the Far East store (2.3 through Cognito us-west-2, 3.3 through LWA FE). */
        @WithDefault("sandbox-creators-fe-id")
        String feCredentialId();

        @WithDefault("sandbox-creators-fe-secret")
        String feCredentialSecret();

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
