package io.suite.sandbox.control;

import java.util.Map;

import io.suite.sandbox.support.ApiErrors;
import jakarta.ws.rs.core.Response;

/** The control API's error replies: {@code {"error": message}} with the status. */
final class ControlReplies {

    private ControlReplies() {
    }

    static Response bad(String message) {
        return ApiErrors.json(400, Map.of("error", message));
    }

    static Response notFound(String message) {
        return ApiErrors.json(404, Map.of("error", message));
    }
}
