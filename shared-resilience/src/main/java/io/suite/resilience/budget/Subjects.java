package io.suite.resilience.budget;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The subject (e.g. the JWT sub of the user) that upstream calls further down a {@link Uni} pipeline are made for, kept
 * in the Mutiny subscription context so that it needs no parameter through every layer. The context flows from the
 * subscriber up: a load shared by several callers (a cache's coalesced miss) runs in its first caller's context, and a
 * background reload started without one has no subject, so it never spends anyone's share.
 */
public final class Subjects {

    static final String KEY = "io.suite.resilience.subject";

    private Subjects() {
    }

    /** Runs {@code work} with upstream calls counted for {@code subject} (none when null or blank). */
    public static <T> Uni<T> as(String subject, Supplier<? extends Uni<? extends T>> work) {
        Uni<T> deferred = Uni.createFrom().deferred(work::get);
        if (subject == null || subject.isBlank()) {
            return deferred;
        }
        return deferred.withContext((uni, ctx) -> {
            ctx.put(KEY, subject);
            return uni;
        });
    }

    /** The subject of the current subscription, or null. */
    public static Uni<String> current() {
        return Uni.createFrom().context(ctx -> Uni.createFrom().item(ctx.<String> getOrElse(KEY, () -> null)));
    }
}
