package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name extraction the monitoring suite test relies on (no running suite needed). */
class MonitoringQueriesTest {

    @Test
    void metricNamesAreFoundAndLabelsFunctionsKeywordsAndNumbersAreNot() {
        assertThat(MonitoringQueries.metricNames("""
                sum by (namespace, job) (rate(http_server_requests_seconds_count{uri!~"/q/.*", status=~"5.."}[5m]))
                  / sum by (namespace, job) (rate(http_server_requests_seconds_count{uri!~"/q/.*"}[5m])) > 14.4 * 0.005
                and on (namespace, job, pod) min by (namespace, job, pod) (sql_pool_idle{pool_type="sql"}) == 0
                or histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket[5m]))) > 1e3
                unless job:slo_errors:ratio_rate1h / 0.005 > bool 2"""))
                .containsExactly("http_server_requests_seconds_count", "sql_pool_idle", "http_server_requests_seconds_bucket",
                        "job:slo_errors:ratio_rate1h");
    }

    @Test
    void theRulesAndTheDashboardAreRead() throws Exception {
        assertThat(MonitoringQueries.rules()).anyMatch(r -> r.alert() && r.name().equals("UpstreamBreakerOpen")
                && MonitoringQueries.metricNames(r.expr()).contains("resilience_breaker_state"));
        assertThat(MonitoringQueries.dashboardQueries()).hasSizeGreaterThan(15);
    }
}
