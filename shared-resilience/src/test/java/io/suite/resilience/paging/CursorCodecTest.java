package io.suite.resilience.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.suite.resilience.problem.ProblemException;

class CursorCodecTest {

    record Position(String name, UUID id, Instant syncedAt) {
    }

    @Test
    void roundTripsASortPosition() {
        Position p = new Position("Acme, \"EU\"", UUID.randomUUID(), Instant.parse("2026-11-22T10:00:00.123Z"));
        String cursor = CursorCodec.encode(p);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(CursorCodec.decode(cursor, Position.class)).isEqualTo(p);
    }

    @Test
    void absentMeansFirstPage() {
        assertThat(CursorCodec.decode(null, Position.class)).isNull();
        assertThat(CursorCodec.decode(" ", Position.class)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "not base64!", "e30", "eyJ4IjoxfQ", "bnVsbA", "AAAA" })
    void anythingElseIsA400NamingTheParameter(String cursor) {
        assertThatThrownBy(() -> CursorCodec.decode(cursor, Position.class, "cursor"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("cursor"));
                });
    }

    @Test
    void hugeCursorsAreRejectedBeforeDecoding() {
        assertThatThrownBy(() -> CursorCodec.decode("A".repeat(5000), Position.class)).isInstanceOf(ProblemException.class);
    }
}
