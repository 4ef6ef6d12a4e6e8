package io.suite.resilience.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code mp.jwt.verify.*} settings the suite's own code reads besides smallrye-jwt (suite-wide defaults in
 * META-INF/microprofile-config.properties, e.g. {@code SUITE_JWT_MAX_AGE_SECONDS}). Only the keys read here are mapped;
 * smallrye-jwt reads the rest (the key location) itself.
 */
@ConfigMapping(prefix = "mp.jwt.verify")
public interface JwtVerifyConfig {

    /** Expected {@code iss}. */
    Optional<String> issuer();

    /** Accepted {@code aud} values. */
    Optional<List<String>> audiences();

    Token token();

    Clock clock();

    interface Token {

        /** Age cap: seconds since {@code iat}; none when absent. */
        OptionalLong age();
    }

    interface Clock {

        /** Allowed clock skew in seconds. */
        @WithDefault("60")
        long skew();
    }
}
