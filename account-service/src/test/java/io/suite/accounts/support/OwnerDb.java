package io.suite.accounts.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.eclipse.microprofile.config.ConfigProvider;

/** A JDBC connection as the schema owner (not subject to RLS), for test set-up and catalogue checks only. */
public final class OwnerDb {

    private OwnerDb() {
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), config.getValue("quarkus.flyway.password", String.class));
        try (var s = c.createStatement()) {
            s.execute("set search_path = accounts");
        }
        return c;
    }
}
