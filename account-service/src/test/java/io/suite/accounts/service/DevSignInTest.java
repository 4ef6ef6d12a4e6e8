package io.suite.accounts.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Issue 15 item 7: the development sign-in is refused when the service talks to a real API, whatever the profile. */
class DevSignInTest {

    static final List<String> SANDBOX = List.of("http://127.0.0.1:8090/lwa", "http://127.0.0.1:8090/lwa/ap/oa",
            "http://127.0.0.1:8090/ads/na", "http://localhost:8090/ads/eu", "http://[::1]:8090/ads/fe");

    @Test
    void onlyTheDevAndLocalProfilesWithAKeyAskForIt() {
        assertThat(DevSignIn.enabledFor(List.of("prod", "local"), Optional.of("/run/jwt/private.pem"))).isTrue();
        assertThat(DevSignIn.enabledFor(List.of("dev"), Optional.of("k.pem"))).isTrue();
        assertThat(DevSignIn.enabledFor(List.of("prod"), Optional.of("k.pem"))).isFalse();
        assertThat(DevSignIn.enabledFor(List.of("local"), Optional.empty())).isFalse();
    }

    @Test
    void itIsRefusedWhenAnyUpstreamIsARealHost() {
        assertThat(DevSignIn.onlyLocalUpstreams(SANDBOX)).isTrue();
        assertThat(DevSignIn.onlyLocalUpstreams(List.of("https://api.amazon.com", "http://127.0.0.1:8090/ads/na"))).isFalse();
        assertThat(DevSignIn.onlyLocalUpstreams(List.of("http://127.0.0.1:8090/lwa", "https://advertising-api-eu.amazon.com")))
                .isFalse();
        assertThat(DevSignIn.onlyLocalUpstreams(List.of("https://www.amazon.com/ap/oa"))).isFalse();
        // a host that merely starts like a loopback name is not one
        assertThat(DevSignIn.onlyLocalUpstreams(List.of("http://127.0.0.1.evil.example/lwa"))).isFalse();
        assertThat(DevSignIn.onlyLocalUpstreams(List.of("not a url"))).isFalse();
    }

    /** Issue 15 item 9: the session token (and cookie) never outlives the services' JWT age cap. */
    @Test
    void theSessionLifetimeFitsTheAgeCap() {
        assertThat(DevSignIn.ttl(Duration.ofHours(8), Optional.of(3600L))).isEqualTo(Duration.ofHours(1));
        assertThat(DevSignIn.ttl(Duration.ofMinutes(30), Optional.of(3600L))).isEqualTo(Duration.ofMinutes(30));
        assertThat(DevSignIn.ttl(Duration.ofHours(8), Optional.empty())).isEqualTo(Duration.ofHours(8));
    }
}
