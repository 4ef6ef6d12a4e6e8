package io.suite.marketdata.testing;

import java.time.Duration;

import io.suite.marketdata.service.Entitlements;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The test classes share one Quarkus boot and one Polygon key, so what one test teaches the service about the key (a
 * 403 learned) or warms (a session's daily bars) would change the next test's answers: tests that do either put it back.
 */
public final class SharedState {

    private SharedState() {
    }

    /** Forgets every entitlement learned and every daily bar stored, in the table and in the instance's view. */
    public static void forgetEntitlementsAndDailyBars(Pool pool, Entitlements entitlements) {
        for (String table : new String[] { "entitlement", "daily_bar", "daily_bar_load" }) {
            pool.query("delete from " + table).execute().await().atMost(Duration.ofSeconds(5));
        }
        entitlements.refresh().await().atMost(Duration.ofSeconds(5));
    }
}
