package io.suite.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.suite.testing.OpenApiAnswers;

/** Without the fleet: every answer {@link Http} gets from a service is recorded for the drift check, once each. */
class HttpAnswersTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().endsWith("/sync") ? 202 : 418;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        Http.takeAnswers();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersOfServicesAreRecordedAndCheckedAgainstTheDocument() {
        Http.post(base + "/api/v1/accounts/sync", null, "{}");
        Http.post(base + "/api/v1/accounts/sync", null, "{}");
        Http.get(base + "/api/v1/catalog/products?limit=5", null);
        Http.get(base + "/_control/counters", null); // the sandbox's control API: not a service

        OpenApiAnswers answers = Http.takeAnswers();
        assertThat(answers.received()).containsExactlyInAnyOrder(
                new OpenApiAnswers.Answer("account-service", "POST", "/api/v1/accounts/sync", 202),
                new OpenApiAnswers.Answer("catalog-service", "GET", "/api/v1/catalog/products", 418));
        OpenApiAnswers.Document accounts = OpenApiAnswers.Document
                .parse("{\"paths\":{\"/api/v1/accounts/sync\":{\"post\":{\"responses\":{\"202\":{}}}}}}");
        OpenApiAnswers.Document catalog = OpenApiAnswers.Document
                .parse("{\"paths\":{\"/api/v1/catalog/products\":{\"get\":{\"responses\":{\"200\":{}}}}}}");
        assertThat(answers.undeclared(Map.of("account-service", accounts, "catalog-service", catalog)::get)).singleElement()
                .satisfies(why -> assertThat(why).startsWith("catalog-service: GET /api/v1/catalog/products → 418"));
        assertThat(Http.takeAnswers().received()).as("recording starts afresh").isEmpty();
    }
}
