package io.suite.resilience.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a lease's write-back sets besides releasing the lease: columns and their new values. Placeholders are numbered
 * here, after the lease's id ($1) and version ($2), so that no caller counts them by hand. Column names and casts are
 * spliced into SQL and therefore checked; values always travel as parameters.
 */
public final class LeaseUpdate {

    /** $1 is the lease's id, $2 its version. */
    static final int FIRST_VALUE = 3;

    private static final Pattern CAST = Pattern.compile("[a-z_][a-z0-9_]*(::[a-z_][a-z0-9_]*)*");

    private final List<String> assignments = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** Sets nothing yet: completing with it only releases the lease. */
    public LeaseUpdate() {
    }

    /** {@code column = value}. */
    public LeaseUpdate set(String column, Object value) {
        return assign(column, placeholder(value));
    }

    /** {@code column = value::cast}, for values the driver cannot type by itself (numeric, jsonb from text). */
    public LeaseUpdate set(String column, Object value, String cast) {
        if (cast == null || !CAST.matcher(cast).matches()) {
            throw new IllegalArgumentException("not a plain SQL cast: " + cast);
        }
        return assign(column, placeholder(value) + "::" + cast);
    }

    /** {@code column = coalesce(value, column)}: a null value keeps what the column holds. */
    public LeaseUpdate setUnlessNull(String column, Object value) {
        return assign(column, "coalesce(" + placeholder(value) + ", " + column + ")");
    }

    /** {@code column = expression}, an SQL expression written in code (never from input), e.g. {@code now()}. */
    public LeaseUpdate setExpression(String column, String expression) {
        return assign(column, expression);
    }

    /** The assignments, comma-separated; empty when nothing is set. */
    String assignments() {
        return String.join(", ", assignments);
    }

    /** The values of the placeholders, from {@code $3} on. */
    List<Object> values() {
        return values;
    }

    private String placeholder(Object value) {
        values.add(value);
        return "$" + (FIRST_VALUE + values.size() - 1);
    }

    private LeaseUpdate assign(String column, String rhs) {
        LeaseTable.requireIdentifier(column);
        assignments.add(column + " = " + rhs);
        return this;
    }
}
