package io.suite.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/** One service or sandbox JVM started from a copy of its app dir, known by its pid, logging to a file. */
final class Proc {

    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final String kind;
    final int httpPort;
    final int managementPort;
    final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workDir;
    private Process process;

    Proc(String name, String kind, int httpPort, int managementPort, Path app, Path workDir, Map<String, String> env,
            List<String> systemProperties, String heap) {
        this.name = name;
        this.kind = kind;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.workDir = workDir;
        this.log = workDir.resolve("logs").resolve(name + ".log");
        this.env = env;
        List<String> cmd = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx" + heap, "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + workDir));
        cmd.addAll(systemProperties);
        cmd.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString()));
        this.command = cmd;
    }

    void start() {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    void awaitReady(Duration within) {
        int[] restarts = { 0 };
        Awaitility.await(name + " ready").atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!process.isAlive()) {
                // the fleet's fixed ports lie in Linux's ephemeral range: another process's outgoing connection can hold
                // one for a moment (seen once in CI), so a process that found its port taken is started again
                if (restarts[0] < 3 && portWasTaken()) {
                    restarts[0]++;
                    start();
                    return false;
                }
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            return status(readyUrl()) == 200;
        });
    }

    private boolean portWasTaken() {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 8_000)).contains("seems to be in use by another process");
        } catch (IOException e) {
            return false;
        }
    }

    String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    String management() {
        return "http://127.0.0.1:" + managementPort;
    }

    String readyUrl() {
        return "sandbox".equals(kind) ? base() + "/q/health/ready" : management() + "/q/health/ready";
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** kill -9: no shutdown hook, no lease given back, in-flight calls lost. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait (a graceful stop), forcibly after 20 s. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Heap in use right after a full collection (jcmd GC.run): the live set, which the heap-after-GC metrics of G1
     * only approximate (its old generation keeps garbage until a mixed or full collection).
     */
    double liveHeapMb() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), "GC.run").redirectErrorStream(true).start();
            jcmd.getInputStream().readAllBytes();
            if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return -1;
            }
            return Metrics.scrape(this).map(page -> Metrics.sum(page, "jvm_memory_used_bytes", "area=\"heap\"") / 1048576)
                    .orElse(-1.0);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int status(String url) {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + (process == null ? "-" : process.pid()) + ")";
    }
}
