package io.suite.accounts.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sign-in pages only ever send a browser back into the dashboard: no open redirect. */
class DashboardRedirectsTest {

    @Test
    void nextIsAlwaysADashboardPath() {
        assertThat(DashboardResource.safeNext("/dashboard?status=active")).isEqualTo("/dashboard?status=active");
        assertThat(DashboardResource.safeNext(null)).isEqualTo("/dashboard");
        assertThat(DashboardResource.safeNext("https://evil.example/")).isEqualTo("/dashboard");
        assertThat(DashboardResource.safeNext("//evil.example/dashboard")).isEqualTo("/dashboard");
        assertThat(DashboardResource.safeNext("/dashboard//evil.example")).isEqualTo("/dashboard");
        assertThat(DashboardResource.safeNext("/dashboard/dev-sign-in")).isEqualTo("/dashboard");
        assertThat(DashboardResource.safeNext("/api/v1/accounts")).isEqualTo("/dashboard");
    }
}
