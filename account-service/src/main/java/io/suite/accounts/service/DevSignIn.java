package io.suite.accounts.service;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import io.suite.accounts.config.AccountsConfig;
import io.suite.resilience.config.JwtVerifyConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Development sign-in: mints the API's JWT for a user id typed into a form. It exists only while the {@code dev}
 * (quarkus:dev) or {@code local} (deploy/local/up) profile is active, a signing key is configured, and every upstream
 * this service calls is on this machine (the sandbox): with real Amazon credentials configured anyone who reaches the form
 * could act on a real account, so it stays off then, whatever the profile says. In any other case {@link #enabled()} is
 * false and the routes answer 404. Production signs users in through the platform's identity provider, which sets the
 * same cookie or header.
 */
@ApplicationScoped
public class DevSignIn {

    private static final Logger LOG = Logger.getLogger(DevSignIn.class);
    static final Set<String> PROFILES = Set.of("dev", "local");

    private final AccountsConfig config;
    private final String issuer;
    private final List<String> audiences;
    private final Duration ttl;
    private final boolean enabled;
    private volatile PrivateKey key;

    public DevSignIn(AccountsConfig config, JwtVerifyConfig jwt, SmallRyeConfig all) {
        this.config = config;
        this.issuer = jwt.issuer().orElseThrow(() -> new IllegalStateException("mp.jwt.verify.issuer is not set"));
        this.audiences = jwt.audience().orElse(List.of());
        OptionalLong maxAge = jwt.maxAgeSeconds();
        this.ttl = ttl(config.dashboard().devSignIn().ttl(),
                maxAge.isPresent() ? Optional.of(maxAge.getAsLong()) : Optional.empty());
        List<String> profiles = all.getProfiles();
        List<String> upstreams = new ArrayList<>(config.ads().regionUrls().values());
        upstreams.add(config.lwa().authorizeUrl());
        upstreams.add(config.lwa().url());
        boolean asked = enabledFor(profiles, config.dashboard().devSignIn().keyLocation());
        this.enabled = asked && onlyLocalUpstreams(upstreams);
        if (enabled) {
            LOG.warnf("development sign-in is ON (profiles %s): never run these profiles in production", profiles);
        } else if (asked) {
            LOG.warnf("development sign-in refused: real upstreams are configured (%s), so it stays off",
                    upstreams.stream().map(DevSignIn::host).distinct().toList());
        }
    }

    /** The configured lifetime, at most the age cap: an older session token would be refused anyway. */
    static Duration ttl(Duration configured, Optional<Long> maxAgeSeconds) {
        return maxAgeSeconds.map(Duration::ofSeconds).filter(max -> max.compareTo(configured) < 0).orElse(configured);
    }

    static boolean enabledFor(List<String> profiles, Optional<String> keyLocation) {
        return profiles.stream().anyMatch(PROFILES::contains) && keyLocation.filter(s -> !s.isBlank()).isPresent();
    }

    /** True when every URL points at this machine (the sandbox); false for any real API host or an unparsable URL. */
    static boolean onlyLocalUpstreams(List<String> urls) {
        return urls.stream().allMatch(u -> LOOPBACK.contains(host(u)));
    }

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private static String host(String url) {
        try {
            String host = URI.create(url.strip()).getHost();
            return host == null ? "?" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** How long a minted token (and so the session cookie) lasts: {@code accounts.dashboard.dev-sign-in.ttl}, capped. */
    public Duration ttl() {
        return ttl;
    }

    /** A signed token for the user (role "user") for the audiences the services expect, valid for {@link #ttl()}. */
    public String mint(UUID user) {
        if (!enabled) {
            throw new IllegalStateException("development sign-in is disabled");
        }
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(issuer).audience(Set.copyOf(audiences)).subject(user.toString()).upn(user.toString())
                .groups(Set.of("user")).issuedAt(now).expiresAt(now + ttl.toSeconds()).sign(key());
    }

    private PrivateKey key() {
        PrivateKey k = key;
        if (k == null) {
            String location = config.dashboard().devSignIn().keyLocation().orElseThrow();
            try {
                k = KeyUtils.decodePrivateKey(Files.readString(Path.of(location.replaceFirst("^file:", ""))));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the development signing key at " + location, e);
            }
            key = k;
        }
        return k;
    }
}
