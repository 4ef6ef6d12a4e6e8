package io.suite.resilience.paging;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.suite.resilience.config.ResilienceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Installs {@code resilience.cursors.key} ({@code SUITE_CURSOR_KEY}) for {@link CursorCodec}. A production instance
 * without a key refuses to start: a random per-process key would break every cursor that reaches another replica.
 */
@ApplicationScoped
public class CursorKey {

    private static final Logger LOG = Logger.getLogger(CursorKey.class);

    void install(@Observes StartupEvent event, ResilienceConfig config) {
        install(config.cursors().key().filter(k -> !k.isBlank()).orElse(null), LaunchMode.current());
    }

    static void install(String key, LaunchMode mode) {
        if (key == null) {
            if (mode == LaunchMode.NORMAL) {
                throw new IllegalStateException("resilience.cursors.key (SUITE_CURSOR_KEY) is required: the secret, at least "
                        + "32 characters and the same on every replica, that signs next_token cursors");
            }
            LOG.infof("no resilience.cursors.key in %s mode: cursors are signed with a random key for this process", mode);
            CursorCodec.useKey(CursorCodec.randomKey());
            return;
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("resilience.cursors.key (SUITE_CURSOR_KEY) must have at least 32 characters");
        }
        CursorCodec.useKey(bytes);
    }
}
