package io.suite.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * After every suite test has run (issue 9, scenario 6, short version): the services' and the gateway's logs and a
 * dump of every service schema must hold no plaintext token, API key or client secret. Stored tokens are encrypted,
 * so even the database dump shows none.
 */
final class SecretsScan {

    /** What a leak looks like: LWA tokens by their prefixes, and every sandbox credential the run used. */
    static final List<String> SECRETS = List.of("Atza|", "Atzr|", "sandbox-lwa-client-secret", "sandbox/paapi/secret/key",
            "sandbox-creators-secret", "sandbox-polygon-free", "sandbox-polygon-paid", "BEGIN PRIVATE KEY");

    private SecretsScan() {
    }

    static List<String> findLeaks(Path root, String database) throws IOException, InterruptedException {
        List<String> leaks = scanLogs(root.resolve("deploy/local/run/logs"));
        for (String schema : List.of("accounts", "marketdata", "catalog")) {
            scan("pg_dump " + database + "." + schema, dump(database, schema), leaks);
        }
        return leaks;
    }

    static List<String> scanLogs(Path logs) throws IOException {
        List<String> leaks = new ArrayList<>();
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.filter(Files::isRegularFile).toList()) {
                    scan(log.getFileName().toString(), new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1), leaks);
                }
            }
        }
        return leaks;
    }

    private static void scan(String source, String text, List<String> leaks) {
        for (String secret : SECRETS) {
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
