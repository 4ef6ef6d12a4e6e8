package io.suite.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios' own view of the database: straight to PostgreSQL (never through the proxy), as each schema's owner
 * role, so checks keep working while the services' connections are cut.
 */
final class Db {

    static final String HOST = System.getenv().getOrDefault("SUITE_DB_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("SUITE_DB_PORT", "5432"));
    final String database;

    Db(String database) {
        this.database = database;
    }

    Connection owner(String schema) throws SQLException {
        String user = System.getenv().getOrDefault(schema.toUpperCase() + "_DB_OWNER_USER", schema + "_owner");
        String password = System.getenv().getOrDefault(schema.toUpperCase() + "_DB_OWNER_PASSWORD", schema + "_owner_local");
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, user, password);
        try (var s = c.createStatement()) {
            s.execute("set search_path = " + schema);
        }
        return c;
    }

    long count(String schema, String sql, Object... args) {
        List<Object[]> rows = query(schema, sql, args);
        return rows.isEmpty() || rows.get(0)[0] == null ? 0 : ((Number) rows.get(0)[0]).longValue();
    }

    List<Object[]> query(String schema, String sql, Object... args) {
        try (Connection c = owner(schema); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    int update(String schema, String sql, Object... args) {
        try (Connection c = owner(schema); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * Server connections per role in this database, seen by the administrator role (deploy/local/db's
     * SUITE_DB_ADMIN_USER; an ordinary role sees only its own sessions in pg_stat_activity).
     */
    Map<String, Long> connectionsByRole() {
        Map<String, Long> out = new LinkedHashMap<>();
        String user = System.getenv().getOrDefault("SUITE_DB_ADMIN_USER", "postgres");
        String password = System.getenv().getOrDefault("SUITE_DB_ADMIN_PASSWORD", "");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, user, password);
                PreparedStatement ps = c.prepareStatement(
                        "select usename, count(*) from pg_stat_activity where datname = ? group by usename")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            out.put("unavailable", -1L);
        }
        return out;
    }
}
