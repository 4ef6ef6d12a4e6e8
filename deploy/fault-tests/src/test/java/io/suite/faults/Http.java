package io.suite.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.suite.testing.OpenApiAnswers;

/** Loopback HTTP for the scenarios: one shared client, answers with status, body, content type and Retry-After. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .executor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "faults-http");
                t.setDaemon(true);
                return t;
            })).build();

    record Answer(int status, String body, String contentType, String retryAfter, long latencyMicros) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean problem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private Http() {
    }

    static HttpRequest.Builder request(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b;
    }

    static Answer get(String url, String bearer) {
        return send(request(url, bearer).GET().build());
    }

    static Answer post(String url, String bearer, String json) {
        return send(request(url, bearer).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static Answer put(String url, String json) {
        return send(request(url, null).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    static Answer delete(String url) {
        return send(request(url, null).DELETE().build());
    }

    static Answer send(HttpRequest request) {
        try {
            return sendAsync(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(request.uri() + " failed", e.getCause());
        }
    }

    /**
     * Every answer a scenario got from a service since the last {@link #takeAnswers()}, for the OpenAPI drift check
     * ({@link Fleet} runs it after each scenario class); the sandbox's answers are not a service's and are not kept.
     */
    private static final AtomicReference<OpenApiAnswers> ANSWERS = new AtomicReference<>(new OpenApiAnswers());

    /** The answers recorded so far; recording starts afresh. */
    static OpenApiAnswers takeAnswers() {
        return ANSWERS.getAndSet(new OpenApiAnswers());
    }

    /** Never fails: a connection error is status -1 (counted by the traffic as such). */
    static CompletableFuture<Answer> sendAsync(HttpRequest request) {
        long started = System.nanoTime();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    ANSWERS.get().record(request.method(), request.uri().toString(), r.statusCode());
                    return r;
                })
                .thenApply(r -> new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(null),
                        r.headers().firstValue("Retry-After").orElse(null), (System.nanoTime() - started) / 1000))
                .exceptionally(e -> new Answer(-1, String.valueOf(e.getCause() == null ? e : e.getCause()), null, null,
                        (System.nanoTime() - started) / 1000));
    }
}
