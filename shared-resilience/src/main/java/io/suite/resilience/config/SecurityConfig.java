package io.suite.resilience.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Browser hardening headers and the verified-token cache ({@code suite.security.*}, e.g.
 * {@code SUITE_SECURITY_HEADERS_ENABLED}).
 */
@ConfigMapping(prefix = "suite.security")
public interface SecurityConfig {

    Headers headers();

    TokenCache tokenCache();

    interface Headers {

        @WithDefault("true")
        boolean enabled();

        /** Sent with HTML only: scripts, styles and forms from this origin, no inline script, no frames, no plugins. */
        @WithDefault("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
        String contentSecurityPolicy();

        @WithDefault("no-referrer")
        String referrerPolicy();
    }

    interface TokenCache {

        /** Verified tokens remembered at most (each until its {@code exp}). */
        @WithDefault("10000")
        long maxEntries();
    }
}
