package io.suite.accounts.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.suite.accounts.domain.ReauthorizationRequiredException;
import io.suite.accounts.service.DashboardViews.Filter;
import io.suite.resilience.problem.ProblemClassifier;
import io.suite.resilience.problem.ProblemException;
import io.suite.resilience.upstream.UpstreamRateLimitedException;

/** Plain rules of the dashboard that need no running service. */
class DashboardRulesTest {

    @Test
    void developmentSignInNeedsADevelopmentProfileAndAKey() {
        Optional<String> key = Optional.of("/run/jwt/private.pem");
        assertThat(DevSignIn.enabledFor(List.of("prod"), key)).isFalse();
        assertThat(DevSignIn.enabledFor(List.of("test"), key)).isFalse();
        assertThat(DevSignIn.enabledFor(List.of("prod", "local"), key)).isTrue();
        assertThat(DevSignIn.enabledFor(List.of("dev"), key)).isTrue();
        assertThat(DevSignIn.enabledFor(List.of("dev"), Optional.empty())).isFalse();
        assertThat(DevSignIn.enabledFor(List.of("local"), Optional.of(" "))).isFalse();
    }

    @Test
    void filterUrlsKeepEveryChoiceAndEncodeIt() {
        Filter f = new Filter("pending", "a&b c", "last_sync", "desc", 10, null, 1);
        assertThat(f.self()).isEqualTo("/dashboard?status=pending&q=a%26b+c&sort=last_sync&order=desc&size=10");
        assertThat(f.url("CUR", 3)).endsWith("&size=10&after=CUR&page=3");
        assertThat(Filter.fragment(f.self())).startsWith("/dashboard/accounts?status=pending");
        assertThat(f.filtered()).isTrue();
        assertThat(new Filter("", "", "name", "asc", 24, null, 1).filtered()).isFalse();
    }

    @Test
    void failuresBecomeDesignedMessagesNotStackTraces() {
        DashboardService dashboard = new DashboardService(null, null, null, null,
                new ProblemClassifier(Duration.ofSeconds(5)));
        var throttled = dashboard.failure(new UpstreamRateLimitedException("ads", 429, null,
                "Too Many Requests", Duration.ofSeconds(7)));
        assertThat(throttled.kind()).isEqualTo("throttled");
        assertThat(throttled.status()).isEqualTo(503);
        assertThat(throttled.detail()).contains("in 7 s");
        var database = dashboard.failure(new RuntimeException(new ConnectException("Connection refused")));
        assertThat(database.kind()).isEqualTo("unavailable");
        assertThat(database.title()).isEqualTo("The accounts service is unavailable");
        assertThat(database.retryAfterSeconds()).isEqualTo(5L);
        var cursor = dashboard.failure(ProblemException.invalidField("next_token", "is not valid"));
        assertThat(cursor.title()).isEqualTo("This page link has expired");
        var reauth = dashboard.failure(new ReauthorizationRequiredException("revoked"));
        assertThat(reauth.kind()).isEqualTo("reauth");
        var other = dashboard.failure(new IllegalStateException("secret internals"));
        assertThat(other.kind()).isEqualTo("error");
        assertThat(other.detail()).doesNotContain("secret internals");
    }

    @Test
    void relativeTimesAndDurationsReadNaturally() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(DashboardService.ago(null, now)).isEqualTo("never");
        assertThat(DashboardService.ago(now.minusSeconds(30), now)).isEqualTo("just now");
        assertThat(DashboardService.ago(now.minusSeconds(600), now)).isEqualTo("10 min ago");
        assertThat(DashboardService.ago(now.minusSeconds(7200), now)).isEqualTo("2 h ago");
        assertThat(DashboardService.ago(now.minusSeconds(3 * 86400), now)).isEqualTo("3 d ago");
        assertThat(DashboardService.human(Duration.ofHours(24))).isEqualTo("24 h");
        assertThat(DashboardService.human(Duration.ofMinutes(90))).isEqualTo("90 min");
    }
}
