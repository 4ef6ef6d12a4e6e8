package io.suite.resilience.paging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

class CursorKeyTest {

    @Test
    void productionRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> CursorKey.install(null, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SUITE_CURSOR_KEY");
        assertThatThrownBy(() -> CursorKey.install("too short", LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void devAndTestFallBackToARandomKey() {
        assertThatCode(() -> CursorKey.install(null, LaunchMode.TEST)).doesNotThrowAnyException();
        assertThatCode(() -> CursorKey.install(null, LaunchMode.DEVELOPMENT)).doesNotThrowAnyException();
        assertThatCode(() -> CursorKey.install("0123456789abcdef0123456789abcdef", LaunchMode.NORMAL)).doesNotThrowAnyException();
    }
}
