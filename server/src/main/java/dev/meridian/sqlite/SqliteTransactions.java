package dev.meridian.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction on a JDBC connection: everything the work does is committed together, or, when it
 * throws, rolled back; either way the connection is back in auto-commit mode afterwards. Shared by the key
 * store and the audit store, which keep their own databases.
 */
public final class SqliteTransactions {

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    private SqliteTransactions() {
    }

    /**
     * Runs {@code work} in one transaction; rethrows what it throws after the rollback. The rethrown error
     * is the work's own (SQLITE_FULL, SQLITE_IOERR, ...): SQLite rolls some failed transactions back by
     * itself, and the rollback that then finds no transaction is only added to it as suppressed.
     */
    public static void inTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollBack(connection, e);
            throw e;
        }
        connection.setAutoCommit(true);
    }

    /**
     * Rolls back and returns to auto-commit mode, keeping {@code failure} the error that is reported; what
     * else fails is added to it, except that no transaction was left to end (SQLite ended it already).
     */
    private static void rollBack(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            addUnlessEndedAlready(failure, e);
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            addUnlessEndedAlready(failure, e);
        }
    }

    private static void addUnlessEndedAlready(Exception failure, SQLException suppressed) {
        if (suppressed.getMessage() == null || !suppressed.getMessage().contains("no transaction is active")) {
            failure.addSuppressed(suppressed);
        }
    }
}
