package io.suite.resilience.problem;

import java.net.SocketException;
import java.util.Set;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Recognises a failure that means "the database cannot be reached right now" (server restarting, connections cut or
 * refused, a pool whose connections died) as opposed to a bug or a bad query. Requests that fail this way are answered
 * 503 with Retry-After, never 500: the client did nothing wrong and the same request will work shortly.
 */
public final class DatabaseUnavailable {

    /**
     * SQLSTATEs of a server going away or not taking connections: class 08 (connection exception), 57P01 admin
     * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down), 53300 too many
     * connections.
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseUnavailable() {
    }

    public static boolean isCause(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 12; t = t.getCause(), depth++) {
            if (t instanceof SocketException || t instanceof ClosedConnectionException) {
                // ConnectException (refused), connection reset, and the client's "connection lost" signal
                return true;
            }
            if (t instanceof DatabaseException db && db.getSqlState() != null
                    && (db.getSqlState().startsWith("08") || STATES.contains(db.getSqlState()))) {
                return true;
            }
            // Vert.x' pool answers with a stackless throwable when a pooled connection closed under it, and with one
            // saying "Timeout" when no connection could be had in time (every one busy: saturated, not broken)
            if (t.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable") && t.getMessage() != null
                    && (t.getMessage().startsWith("Connection is not active") || t.getMessage().equals("Timeout"))) {
                return true;
            }
        }
        return false;
    }
}
