package io.suite.accounts.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything account-service reads from configuration; every key is overridable by environment variable
 * (e.g. {@code ACCOUNTS_TOKEN_KEY}, {@code ACCOUNTS_LWA_CLIENT_SECRET}). Secrets have no default: a missing one stops
 * start-up naming the key.
 */
@ConfigMapping(prefix = "accounts")
public interface AccountsConfig {

    Tokens tokens();

    Lwa lwa();

    Ads ads();

    Sync sync();

    Refresh refresh();

    Health health();

    Dashboard dashboard();

    Sessions sessions();

    interface Tokens {
        /** AES-256 key for tokens at rest, base64 of 32 bytes (env ACCOUNTS_TOKEN_KEY). */
        String key();

        /** Keys retired by a rotation, still needed to decrypt rows written under them (base64, 32 bytes each). */
        Optional<List<String>> previousKeys();
    }

    interface Lwa {
        String clientId();

        String clientSecret();

        /** Our callback as registered with LWA (GET /api/v1/auth/amazon/callback on the public host). */
        String redirectUri();

        /** LWA consent page (https://www.amazon.com/ap/oa; the sandbox serves /lwa/ap/oa). */
        String authorizeUrl();

        /** LWA's token API, as the REST client calls it: read from {@code quarkus.rest-client.lwa.url}, not set twice. */
        @WithDefault("${quarkus.rest-client.lwa.url}")
        String url();

        @WithDefault("advertising::campaign_management")
        String scope();

        /**
         * How long a connect flow (its signed state, its browser cookie and its PKCE verifier) stays valid; LWA codes live
         * 5 minutes.
         */
        @WithDefault("10m")
        Duration stateTtl();

        /** Where the callback sends the browser after a successful connection; JSON reply when absent. */
        Optional<String> successRedirect();
    }

    interface Ads {
        /** Ads API base URL per region served (NA, EU, FE); only these regions are called. */
        Map<String, String> regionUrls();

        /** Page size of POST /adsAccounts/list (1..100). */
        @WithDefault("100")
        int pageSize();

        /**
         * A user with no stored profiles has them fetched from every region on demand at most once per this period; an
         * empty answer is remembered like any other (a full sync fetches them anew in any case).
         */
        @WithDefault("1h")
        Duration profilesRefetchAfter();
    }

    interface Sync {
        /** Cadence of the follow-up sync job (pending re-polls, retries, regular syncs); {@code off} disables it. */
        @WithDefault("10s")
        String every();

        @WithDefault("30s")
        String initialDelay();

        /** Upstream calls one sync run makes at once (they also wait for the shared ads budget). */
        @WithDefault("8")
        int concurrency();

        /** When PENDING / PARTIALLY_CREATED accounts are polled again. */
        @WithDefault("10s")
        Duration pendingRepoll();

        /**
         * A new connection's first full sync starts in the callback; without it (tests that stub Amazon after connecting)
         * only the sync job starts it, after {@code first-sync-recheck}.
         */
        @WithDefault("true")
        boolean startOnConnect();

        /**
         * How soon the sync job looks at a user whose first full sync is still pending (not started, its instance gone, or
         * failed): it starts it, or joins the run going.
         */
        @WithDefault("10s")
        Duration firstSyncRecheck();

        /** Delay before a failed account is retried, doubled per failure up to the cap. */
        @WithDefault("1m")
        Duration retryBase();

        @WithDefault("1h")
        Duration retryCap();

        /** Next regular sync after a success. */
        @WithDefault("1h")
        Duration interval();

        /** How many due users a job run takes. */
        @WithDefault("20")
        int batch();

        /**
         * Runs one instance keeps going at once; one more answers 503 with Retry-After. Each run holds its accounts while
         * it waits for the shared budget, so during an upstream outage an unbounded number would only fill the heap.
         */
        @WithDefault("64")
        int maxActiveRuns();

        /** Retry-After of the 503 above, and of the 429 a user beyond {@code max-runs-per-user} gets. */
        @WithDefault("10s")
        Duration busyRetryAfter();

        /**
         * Runs one user may have going at once, across every replica (a second full sync joins the running one instead);
         * one more answers 429 with Retry-After, so one user cannot take the instance's runs from everyone else.
         */
        @WithDefault("4")
        int maxRunsPerUser();

        /**
         * Lease of a running run, renewed by its instance every {@code lease-check-every}: a run whose instance died is
         * finished as failed by any replica once its lease has run out.
         */
        @WithDefault("1m")
        Duration runLease();

        /** Cadence of renewing this instance's run leases and finishing runs whose lease ran out; {@code off} disables. */
        @WithDefault("10s")
        String leaseCheckEvery();

        /** A run still going after this long (stalled) is cancelled and finished as failed. */
        @WithDefault("30m")
        Duration maxRunDuration();
    }

    interface Refresh {
        /** Cadence of the proactive refresh job (seed: every 5 minutes); {@code off} disables it. */
        @WithDefault("5m")
        String every();

        @WithDefault("30s")
        String initialDelay();

        /** Tokens expiring within this window are refreshed ahead of time (seed: 10 minutes). */
        @WithDefault("10m")
        Duration lead();

        /** A request refreshes an access token on the spot when less than this is left. */
        @WithDefault("60s")
        Duration minRemaining();

        @WithDefault("200")
        int batch();

        @WithDefault("8")
        int concurrency();

        @WithDefault("2m")
        Duration lease();

        /** Wait before a failed proactive refresh is tried again, doubled per failure up to the cap. */
        @WithDefault("30s")
        Duration retryBase();

        @WithDefault("5m")
        Duration retryCap();
    }

    /**
     * Sync-health colours. Green: last success younger than {@code amberAfter} and fewer than {@code amberFailures}
     * consecutive failures. Red: no success for {@code redAfter}, {@code redFailures} failures in a row, or a
     * connection that needs re-authorisation. Amber otherwise.
     */
    interface Health {
        @WithDefault("2h")
        Duration amberAfter();

        @WithDefault("24h")
        Duration redAfter();

        @WithDefault("1")
        int amberFailures();

        @WithDefault("3")
        int redFailures();

        /**
         * How far back the sync-health answer's {@code rate_limits} look: the user's upstream calls and 429s per endpoint
         * in the usage minutes that began within this (on the database clock, which stamps them).
         */
        @WithDefault("24h")
        Duration rateLimitWindow();
    }

    /** Sessions ended by sign-out (their tokens are refused until they would have expired anyway). */
    interface Sessions {
        /** How often each replica reads sign-outs made on the others; {@code off} disables. */
        @WithDefault("2s")
        String revocationPoll();
    }

    /** The web dashboard at /dashboard (issue 7). */
    interface Dashboard {
        /**
         * Cookie carrying the same JWT as the API (smallrye-jwt reads it: mp.jwt.token.cookie must name the same cookie).
         */
        @WithDefault("suite_session")
        String cookieName();

        /** Secure flag of the cookie; only the local suite (plain http on loopback) turns it off. */
        @WithDefault("true")
        boolean cookieSecure();

        /** Accounts per page by default, and the largest page a URL may ask for. */
        @WithDefault("24")
        int pageSize();

        @WithDefault("100")
        int maxPageSize();

        /** Where the sign-in page sends a browser that has no session (the platform's identity provider). */
        Optional<String> signInUrl();

        DevSignIn devSignIn();

        /**
         * Development sign-in: a form that mints a JWT for a chosen user id. It exists only when the dev or local profile
         * is active (404 otherwise, whatever this says) and a private key is configured.
         */
        interface DevSignIn {
            /** PEM (PKCS#8) private key whose public half the service trusts (deploy/local/run/jwt/private.pem). */
            Optional<String> keyLocation();

            /** Token and session cookie lifetime; never more than the JWT age cap (SUITE_JWT_MAX_AGE_SECONDS). */
            @WithDefault("1h")
            Duration ttl();
        }
    }
}
