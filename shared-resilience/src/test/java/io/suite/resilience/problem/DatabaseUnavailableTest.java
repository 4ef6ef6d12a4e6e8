package io.suite.resilience.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Which failures mean "the database is away for now" (503) and which are bugs (500). */
class DatabaseUnavailableTest {

    @Test
    void refusedResetAndLostConnectionsAreUnavailability() {
        assertThat(DatabaseUnavailable.isCause(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException("wrapped", new SocketException("Connection reset")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(ClosedConnectionException.INSTANCE)).isTrue();
    }

    @Test
    void aPoolThatCannotHandOutAConnectionInTimeIsUnavailability() {
        // what the pool answered in deploy/fault-tests' soak while every connection was busy
        assertThat(DatabaseUnavailable.isCause(new NoStackTraceThrowable("Timeout"))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new NoStackTraceThrowable("something else"))).isFalse();
    }

    @Test
    void aServerShuttingDownOrStartingUpIsUnavailability() {
        assertThat(DatabaseUnavailable.isCause(new PgException("terminating connection due to administrator command", "FATAL",
                "57P01", null))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new PgException("the database system is starting up", "FATAL", "57P03", null)))
                .isTrue();
        assertThat(DatabaseUnavailable.isCause(new PgException("connection failure", "FATAL", "08006", null))).isTrue();
    }

    @Test
    void queryErrorsAndBugsAreNot() {
        assertThat(DatabaseUnavailable.isCause(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new PgException("syntax error", "ERROR", "42601", null))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("boom"))).isFalse();
        assertThat(DatabaseUnavailable.isCause(null)).isFalse();
    }
}
