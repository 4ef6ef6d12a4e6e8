package io.suite.resilience.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The token checks the suite's own code needs besides smallrye-jwt, read from smallrye-jwt's {@code mp.jwt.verify.*}
 * (suite-wide defaults in META-INF/microprofile-config.properties), so each value is set in one place. Not a mapping of
 * {@code mp.jwt.verify} itself: a mapping owns its prefix and would refuse the keys smallrye-jwt reads (the key location).
 * The names match the environment variables the defaults use ({@code SUITE_JWT_MAX_AGE_SECONDS} and so on).
 */
@ConfigMapping(prefix = "suite.jwt")
public interface JwtVerifyConfig {

    /** Expected {@code iss} ({@code mp.jwt.verify.issuer}). */
    @WithDefault("${mp.jwt.verify.issuer:}")
    Optional<String> issuer();

    /** Accepted {@code aud} values ({@code mp.jwt.verify.audiences}). */
    @WithDefault("${mp.jwt.verify.audiences:}")
    Optional<List<String>> audience();

    /** Age cap in seconds since {@code iat} ({@code mp.jwt.verify.token.age}); none when absent. */
    @WithDefault("${mp.jwt.verify.token.age:}")
    OptionalLong maxAgeSeconds();

    /** Allowed clock skew in seconds ({@code mp.jwt.verify.clock.skew}). */
    @WithDefault("${mp.jwt.verify.clock.skew:60}")
    long clockSkewSeconds();
}
