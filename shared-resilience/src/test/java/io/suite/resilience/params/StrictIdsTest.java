package io.suite.resilience.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.security.UnauthorizedException;
import io.suite.resilience.problem.ProblemException;

class StrictIdsTest {

    @ParameterizedTest
    @ValueSource(strings = { "1-1-1-1-1", "0-0-0-0-0", "00000001-0001-0001-0001-1", "123e4567-e89b-12d3-a456-42661417400",
            "123e4567-e89b-12d3-a456-4266141740000", "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
            "123e4567-e89b-12d3-a456-42661417400g", "+23e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456_426614174000" })
    void onlyCanonicalUuidsAreIds(String raw) {
        assertThat(StrictIds.isCanonical(raw)).isFalse();
        assertThatThrownBy(() -> StrictIds.uuid("id", raw))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errors().get(0).field()).isEqualTo("id");
                });
        assertThatThrownBy(() -> StrictIds.subject(raw)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void canonicalUuidsInEitherCaseAreTheSameId() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(StrictIds.uuid("id", "123e4567-e89b-12d3-a456-426614174000")).isEqualTo(id);
        assertThat(StrictIds.uuid("id", "123E4567-E89B-12D3-A456-426614174000")).isEqualTo(id);
        assertThat(StrictIds.subject("123e4567-e89b-12d3-a456-426614174000")).isEqualTo(id);
        assertThat(StrictIds.uuid("id", " ")).isNull();
    }

    @Test
    void theLenientParserWouldHaveTakenTheShortForm() {
        // why this class exists: the JDK pads 1-1-1-1-1 into a real id
        assertThat(UUID.fromString("1-1-1-1-1")).isEqualTo(UUID.fromString("00000001-0001-0001-0001-000000000001"));
    }
}
