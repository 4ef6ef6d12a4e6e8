package io.suite.catalog.service;

import java.time.Instant;
import java.util.UUID;

import io.suite.resilience.paging.CursorCodec;
import io.suite.resilience.problem.ProblemException;

/** Cursor positions of the catalog's lists (opaque to clients through CursorCodec). */
final class Cursors {

    private Cursors() {
    }

    /** Newest first: the (created_at, id) of the last row. */
    record ByCreated(String c, String i) {

        static ByCreated of(Instant created, UUID id) {
            return new ByCreated(created.toString(), id.toString());
        }

        Instant created() {
            try {
                return Instant.parse(c);
            } catch (RuntimeException e) {
                throw notOurs();
            }
        }

        UUID id() {
            try {
                return UUID.fromString(i);
            } catch (RuntimeException e) {
                throw notOurs();
            }
        }
    }

    record ById(long i) {
    }

    private static ProblemException notOurs() {
        return ProblemException.invalidField(CursorCodec.PARAMETER, "is not a cursor this service issued");
    }
}
