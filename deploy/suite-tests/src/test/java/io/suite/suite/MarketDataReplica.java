package io.suite.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One more marketdata-service process beside the suite's (a second replica of the fleet, or an instance on another
 * key), started as the operator starts it (deploy/local/services.sh {@code process_env}, {@code java -jar}) on loopback,
 * logging under deploy/local/run/logs (so the secrets scan reads it too), and stopped by its test.
 */
final class MarketDataReplica implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String url;
    private final Process process;
    private final String name;

    private MarketDataReplica(String name, int httpPort, Process process) {
        this.name = name;
        this.url = "http://127.0.0.1:" + httpPort + "/api/v1/market-data";
        this.process = process;
    }

    /** Starts the built jar with the suite's environment plus {@code overrides}, and waits until it is ready. */
    static MarketDataReplica start(String name, int httpPort, int managementPort, Map<String, String> overrides)
            throws IOException, InterruptedException {
        Path root = RunningSuite.ROOT;
        Map<String, String> env = new HashMap<>(RunningSuite.ENVIRONMENT);
        env.put("SUITE_JWT_PUBLIC_KEY_LOCATION", "file:" + root.resolve("deploy/local/run/jwt/public.pem"));
        env.put("SUITE_JWT_ISSUER", DevTokens.ISSUER);
        env.put("MARKETDATA_HTTP_PORT", String.valueOf(httpPort));
        env.put("MARKETDATA_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.putAll(overrides);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                ". deploy/local/lib.sh && . deploy/local/services.sh && process_env marketdata-service"
                        + " && exec java -Xmx256m -jar marketdata-service/target/quarkus-app/quarkus-run.jar")
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("deploy/local/run/logs/" + name + ".log").toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        MarketDataReplica replica = new MarketDataReplica(name, httpPort, p);
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(p.isAlive()).as("%s exited during start-up (deploy/local/run/logs/%s.log)", name, name).isTrue();
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false; // not listening yet
                }
            });
        } catch (RuntimeException | AssertionError e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(process.isAlive()).as("%s stopped", name).isFalse();
    }
}
