package io.suite.resilience.concurrent;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;

/**
 * Calls made side by side whose failures are all expected (a revoked grant fails every call of a sync at once). A
 * {@code Multi.merge} or a plain {@code Uni.combine()} fails at the first failure and cancels the rest, and each later
 * failure is then "dropped": Mutiny logs it as an ERROR with no context. Here every call settles first; the result
 * is their items in order, or the first failure with the others added to it as suppressed exceptions.
 */
public final class AllSettled {

    private AllSettled() {
    }

    /** At most {@code concurrency} of the calls at once; items in the order of {@code calls}. */
    @SuppressWarnings("unchecked")
    public static <T> Uni<List<T>> all(List<Uni<T>> calls, int concurrency) {
        if (calls.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.combine().all().unis(calls).usingConcurrencyOf(Math.max(1, concurrency)).collectFailures()
                .with(items -> {
                    List<T> out = new ArrayList<>(items.size());
                    items.forEach(item -> out.add((T) item));
                    return out;
                })
                .onFailure(CompositeException.class).transform(AllSettled::first);
    }

    /** Two calls of different types side by side, settled as {@link #all}. */
    public static <A, B> Uni<Tuple2<A, B>> both(Uni<A> first, Uni<B> second) {
        return Uni.combine().all().unis(first, second).collectFailures().asTuple()
                .onFailure(CompositeException.class).transform(AllSettled::first);
    }

    /** The first cause, carrying the others (suppressed) so that a log of it loses none. */
    private static Throwable first(Throwable composite) {
        List<Throwable> causes = ((CompositeException) composite).getCauses();
        Throwable first = causes.get(0);
        for (Throwable other : causes.subList(1, causes.size())) {
            if (other != first) {
                first.addSuppressed(other);
            }
        }
        return first;
    }
}
