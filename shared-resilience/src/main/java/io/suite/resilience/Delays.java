package io.suite.resilience;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Non-blocking waits that resume on the caller's Vert.x context, so the request's MDC and session stay with it. */
public final class Delays {

    private Delays() {
    }

    public static Uni<Void> delay(Duration duration) {
        long millis = Math.max(1, duration.toMillis());
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(millis));
        }
        return Uni.createFrom().emitter(emitter -> {
            long timer = context.owner().setTimer(millis, id -> emitter.complete(null));
            emitter.onTermination(() -> context.owner().cancelTimer(timer));
        });
    }
}
