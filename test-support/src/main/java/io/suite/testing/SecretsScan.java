package io.suite.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 9, scenario 6: after a run, the services' (and the gateway's) logs and a dump of every service schema must hold
 * no plaintext token, API key or client secret. Stored tokens are encrypted, so even the database dump shows none.
 * Used at the end of deploy/suite-tests and deploy/fault-tests.
 */
public final class SecretsScan {

    /** What a leak looks like: LWA tokens by their prefixes, and every sandbox credential the run used. */
    public static final List<String> SECRETS = List.of("Atza|", "Atzr|", "sandbox-lwa-client-secret", "sandbox/paapi/secret/key",
            "sandbox-creators-secret", "sandbox-polygon-free", "sandbox-polygon-paid", "BEGIN PRIVATE KEY");

    private SecretsScan() {
    }

    /** Leaks in every file of {@code logs} and in each service schema of {@code database}. */
    public static List<String> findLeaks(Path logs, String database) throws IOException, InterruptedException {
        return findLeaks(logs, database, List.of());
    }

    /** The same, also looking for {@code extraSecrets} (e.g. a key the run generated). */
    public static List<String> findLeaks(Path logs, String database, List<String> extraSecrets)
            throws IOException, InterruptedException {
        List<String> leaks = scanLogs(logs, extraSecrets);
        for (String schema : List.of("accounts", "marketdata", "catalog")) {
            scan("pg_dump " + database + "." + schema, dump(database, schema), extraSecrets, leaks);
        }
        return leaks;
    }

    public static List<String> scanLogs(Path logs) throws IOException {
        return scanLogs(logs, List.of());
    }

    static List<String> scanLogs(Path logs, List<String> extraSecrets) throws IOException {
        List<String> leaks = new ArrayList<>();
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.filter(Files::isRegularFile).toList()) {
                    scan(log.getFileName().toString(), new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1),
                            extraSecrets, leaks);
                }
            }
        }
        return leaks;
    }

    private static void scan(String source, String text, List<String> extraSecrets, List<String> leaks) {
        List<String> all = new ArrayList<>(SECRETS);
        all.addAll(extraSecrets);
        for (String secret : all) {
            if (text.contains(secret)) {
                leaks.add(source + " contains " + secret.substring(0, Math.min(8, secret.length())) + "…");
            }
        }
    }

    /** The schema's data and definitions, as its owner role sees them (the owner role's local password). */
    private static String dump(String database, String schema) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("pg_dump", "-h", System.getenv().getOrDefault("SUITE_DB_HOST", "127.0.0.1"),
                "-p", System.getenv().getOrDefault("SUITE_DB_PORT", "5432"), "-U", schema + "_owner", "-n", schema,
                "--no-owner", database).redirectErrorStream(true);
        String upper = schema.toUpperCase();
        pb.environment().put("PGPASSWORD", System.getenv().getOrDefault(upper + "_DB_OWNER_PASSWORD", schema + "_owner_local"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pg_dump of " + schema + " failed: " + out.substring(0, Math.min(300, out.length())));
        }
        return out;
    }
}
