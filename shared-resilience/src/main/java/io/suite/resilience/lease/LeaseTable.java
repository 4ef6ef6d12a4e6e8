package io.suite.resilience.lease;

import java.util.regex.Pattern;

/**
 * A table of background work items. It needs, besides its id and due-time columns, the lease columns
 * {@code lease_owner text}, {@code lease_until timestamptz} and {@code version bigint not null default 0}.
 * Names are identifiers from code, checked here, because they are spliced into SQL.
 */
public record LeaseTable(String table, String idColumn, String dueColumn) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    public LeaseTable {
        for (String identifier : new String[] { table, idColumn, dueColumn }) {
            requireIdentifier(identifier);
        }
    }

    /** Names spliced into SQL must be plain identifiers. */
    static void requireIdentifier(String identifier) {
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
        }
    }
}
