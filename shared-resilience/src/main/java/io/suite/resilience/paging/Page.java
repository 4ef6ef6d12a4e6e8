package io.suite.resilience.paging;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One page of a keyset-paged list: its items and the signed cursor of the next page ({@code next_token}, absent on the
 * last page). Every list endpoint of the suite answers with it; {@link #of} is the one "fetch limit + 1, cut, encode the
 * last row's position" step.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Page<T>(List<T> items, @JsonProperty(CursorCodec.PARAMETER) String nextToken) {

    public Page {
        items = List.copyOf(items);
    }

    /** Rows to read for a page of {@code limit}: one more, to know whether another page follows. */
    public static int fetchSize(int limit) {
        return limit + 1;
    }

    /**
     * The page of {@code limit} items from rows read with {@link #fetchSize(int)}: the extra row, when it came, is cut
     * off and the last kept row's {@code position} becomes the next page's cursor ({@link CursorCodec}).
     */
    public static <R, T, P> Page<T> of(List<R> rows, int limit, Function<R, T> view, Function<R, P> position) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (rows.size() <= limit) {
            return new Page<>(rows.stream().map(view).toList(), null);
        }
        List<R> kept = rows.subList(0, limit);
        return new Page<>(kept.stream().map(view).toList(), CursorCodec.encode(position.apply(kept.get(limit - 1))));
    }

    /** As {@link #of(List, int, Function, Function)}, the rows being the items. */
    public static <T, P> Page<T> of(List<T> rows, int limit, Function<T, P> position) {
        return of(rows, limit, Function.identity(), position);
    }

    /** The same page with each item mapped (a domain page to its API view). */
    public <U> Page<U> map(Function<T, U> view) {
        return new Page<>(items.stream().map(view).toList(), nextToken);
    }
}
