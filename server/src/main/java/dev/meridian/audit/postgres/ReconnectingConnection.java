package dev.meridian.audit.postgres;

import dev.meridian.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One PostgreSQL connection that is opened when first needed and opened again after it broke: an operation that
 * finds it broken fails, and {@link #failed} drops it, so that the next operation starts on a new one. Not
 * thread-safe: its owner uses it under a lock.
 *
 * <p>A connection waits at most {@value #NETWORK_TIMEOUT_MILLIS} ms for an answer of the server (then it counts as
 * broken), so that an operation never hangs on a database that went away without closing the connection.
 */
final class ReconnectingConnection implements AutoCloseable {
    static final int NETWORK_TIMEOUT_MILLIS = 60_000;
    private static final int VALIDITY_CHECK_SECONDS = 2;
    private final PostgresSettings settings;
    private Connection connection;

    ReconnectingConnection(PostgresSettings settings) {
        this.settings = settings;
    }

    /** The open connection, in auto-commit mode; a new one when there is none or the last one broke. */
    Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = null;
            Connection opened = settings.connect();
            try {
                opened.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    /**
     * After {@code failure} of an operation on {@link #get()}'s connection: drops the connection if it is broken
     * (the server went away, closed it, or does not answer). Returns whether it was dropped.
     */
    boolean failed(SQLException failure) {
        if (connection == null) {
            return true;
        }
        String state = failure.getSQLState();
        boolean broken = state != null && (state.startsWith("08") || state.startsWith("57P"));
        if (!broken) {
            try {
                broken = connection.isClosed() || !connection.isValid(VALIDITY_CHECK_SECONDS);
            } catch (SQLException e) {
                broken = true;
            }
        }
        if (broken) {
            close();
        }
        return broken;
    }

    /** Closes the connection, if one is open; the next {@link #get()} opens a new one. */
    @Override
    public void close() {
        Connection closing = connection;
        connection = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (SQLException e) {
                // a broken connection may fail to close: it is gone either way
            }
        }
    }
}
