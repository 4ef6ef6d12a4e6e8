package io.suite.catalog.rest;

import java.time.Instant;
import java.util.UUID;

/** Cursor positions (opaque to clients through CursorCodec). */
final class Cursors {

    private Cursors() {
    }

    record ByCreated(String c, String i) {

        Instant created() {
            try {
                return Instant.parse(c);
            } catch (RuntimeException e) {
                throw io.suite.resilience.problem.ProblemException.invalidField("next_token", "is not a cursor this service issued");
            }
        }

        UUID id() {
            try {
                return UUID.fromString(i);
            } catch (RuntimeException e) {
                throw io.suite.resilience.problem.ProblemException.invalidField("next_token", "is not a cursor this service issued");
            }
        }
    }

    record ById(long i) {
    }
}
