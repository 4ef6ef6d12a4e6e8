package io.suite.sandbox.polygon;

import io.suite.sandbox.support.ApiErrors;
import io.suite.sandbox.support.Ids;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Replies and reply fields shared by the Polygon resources. */
final class PolygonReplies {

    private PolygonReplies() {
    }

    static Response notFound(String message) {
        return ApiErrors.json(404, ApiErrors.map("status", "NOT_FOUND", "request_id", Ids.hex(16), "message", message));
    }

    static Response badRequest(String error) {
        return ApiErrors.polygonError(400, error);
    }

    /** Delayed plans' data says so in {@code status}, as the real service's does. */
    static String status(PolygonPlan plan) {
        return plan.realTime() || plan.endOfDay() ? "OK" : "DELAYED";
    }

    /** The market of a ticker by its prefix, for the entitlement of its aggregates. */
    static String marketOf(String ticker) {
        if (ticker.length() > 2 && ticker.charAt(1) == ':') {
            return switch (ticker.charAt(0)) {
                case 'I' -> "indices";
                case 'X' -> "crypto";
                case 'C' -> "fx";
                case 'O' -> "options";
                default -> "stocks";
            };
        }
        return "stocks";
    }

    static Response ok(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
