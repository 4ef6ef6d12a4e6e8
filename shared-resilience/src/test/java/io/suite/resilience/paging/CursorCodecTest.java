package io.suite.resilience.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.suite.resilience.problem.ProblemException;

class CursorCodecTest {

    record Position(String name, UUID id, Instant syncedAt) {
    }

    @Test
    void roundTripsASortPosition() {
        Position p = new Position("Acme, \"EU\"", UUID.randomUUID(), Instant.parse("2026-11-22T10:00:00.123Z"));
        String cursor = CursorCodec.encode(p);
        assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}");
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

    record Other(String name, UUID id, Instant syncedAt) {
    }

    @Test
    void aForgedOrAlteredCursorIsA400BeforeItsContentIsRead() {
        Position p = new Position("Acme", UUID.randomUUID(), Instant.parse("2026-11-22T10:00:00Z"));
        String cursor = CursorCodec.encode(p);
        String payload = cursor.substring(0, cursor.indexOf('.'));
        String signature = cursor.substring(cursor.indexOf('.') + 1);
        // a well-formed position the client made up: valid JSON, but never signed by us
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"name\":\"x\",\"id\":\"" + p.id() + "\",\"syncedAt\":\"2030-01-01T00:00:00Z\"}").getBytes());
        for (String bad : new String[] { payload, forged, forged + "." + signature, payload + "A." + signature,
                payload + "." + signature.substring(1) + "A", payload + "." }) {
            assertThatThrownBy(() -> CursorCodec.decode(bad, Position.class))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.errors().get(0).field()).isEqualTo(CursorCodec.PARAMETER);
                    });
        }
        // the same JSON is no cursor for another endpoint's position type either
        assertThatThrownBy(() -> CursorCodec.decode(cursor, Other.class)).isInstanceOf(ProblemException.class);
    }

    @Test
    void aCursorSignedWithAnotherKeyIsRefused() {
        Position p = new Position("Acme", UUID.randomUUID(), Instant.parse("2026-11-22T10:00:00Z"));
        CursorCodec.useKey("k".repeat(32).getBytes());
        String cursor = CursorCodec.encode(p);
        CursorCodec.useKey("another replica's key, 32+ chars".getBytes());
        try {
            assertThatThrownBy(() -> CursorCodec.decode(cursor, Position.class)).isInstanceOf(ProblemException.class);
        } finally {
            CursorCodec.useKey("k".repeat(32).getBytes());
        }
        assertThat(CursorCodec.decode(cursor, Position.class)).isEqualTo(p);
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> CursorCodec.useKey("short".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
