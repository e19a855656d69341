package dev.meridian.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One PostgreSQL connection of the key store or the audit store: opened on first use, and again after a failure
 * that broke it (the database restarted, the connection was terminated or the network lost it), so that the store
 * recovers by itself when the database comes back. A connection waits at most {@value #NETWORK_TIMEOUT_MILLIS} ms for
 * an answer of the server (then it counts as broken), so that no operation hangs on a database that went away without
 * closing the connection. Not thread-safe: each user guards its own.
 */
public final class PostgresConnection implements AutoCloseable {
    /** How long a connection waits for the server's answer before it counts as broken. */
    public static final int NETWORK_TIMEOUT_MILLIS = 60_000;

    /** How a new connection is prepared before its first use. */
    @FunctionalInterface
    public interface Setup {
        /** Prepares nothing: a connection in auto-commit mode. */
        Setup NONE = connection -> { };

        void apply(Connection connection) throws SQLException;
    }

    private final PostgresSettings settings;
    private final Setup setup;
    private Connection connection;

    public PostgresConnection(PostgresSettings settings, Setup setup) {
        this.settings = settings;
        this.setup = setup;
    }

    /** The open connection, opening a new one when there is none. */
    public Connection get() throws SQLException {
        if (connection == null) {
            Connection opened = settings.connect();
            try {
                opened.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
                setup.apply(opened);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    /**
     * After {@code failure}: discards the connection when it is broken (or was never opened), so that the next
     * {@link #get} opens a new one. Returns whether a retry on a new connection may succeed.
     */
    public boolean discardIfBroken(SQLException failure) {
        if (connection == null) {
            return true;
        }
        if (isBroken(connection, failure)) {
            closeQuietly(connection);
            connection = null;
            return true;
        }
        return false;
    }

    /** Rolls back what the connection's transaction holds; discards the connection when even that fails. */
    public void rollbackQuietly() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                closeQuietly(connection);
                connection = null;
            }
        }
    }

    /**
     * Whether {@code failure} says the connection is gone: an SQLState of class 08 (connection exception) or 57P
     * (the server shut down or terminated the session), or a connection that is closed or no longer answers.
     */
    public static boolean isBroken(Connection connection, SQLException failure) {
        String state = failure.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        try {
            return connection.isClosed() || !connection.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    public static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the connection is gone either way
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }
}
