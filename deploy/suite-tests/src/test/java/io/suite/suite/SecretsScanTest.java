package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.suite.testing.SecretsScan;

/** The scan that closes the suite run finds what it looks for, and only that. */
class SecretsScanTest {

    @Test
    void aTokenOrKeyInALogIsFoundAndAMaskedOneIsNot(@TempDir Path logs) throws Exception {
        Files.writeString(logs.resolve("clean.log"), "{\"message\":\"refreshed token=*** for user 42\"}\n");
        assertThat(SecretsScan.scanLogs(logs)).isEmpty();

        Files.writeString(logs.resolve("leaky.log"), "{\"message\":\"refresh_token=Atzr|TEST-ONLY-planted-refresh-token\"}\n"
                + "POLYGON_API_KEY=sandbox-polygon-free\n");
        assertThat(SecretsScan.scanLogs(logs)).hasSize(2).allMatch(line -> line.startsWith("leaky.log contains"));
    }

    @Test
    void noLogsYetIsNoLeak(@TempDir Path root) throws Exception {
        assertThat(SecretsScan.scanLogs(root.resolve("absent"))).isEmpty();
    }
}
