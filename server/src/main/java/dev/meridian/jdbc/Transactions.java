package dev.meridian.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction on a JDBC connection in auto-commit mode: everything the work does is committed together, or, when
 * it throws, rolled back; either way the connection is back in auto-commit mode afterwards. Shared by the SQLite and
 * PostgreSQL stores, their migrations and the audit stores.
 */
public final class Transactions {

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    /** Work done inside a transaction that answers a value. */
    @FunctionalInterface
    public interface Query<T> {
        T run() throws SQLException;
    }

    private Transactions() {
    }

    /** Runs {@code work} in one transaction; see {@link #inTransaction(Connection, Query)}. */
    public static void inTransaction(Connection connection, Work work) throws SQLException {
        inTransaction(connection, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} in one transaction and answers what it answered; rethrows what it throws after the rollback.
     * The rethrown error is the work's own (SQLITE_FULL, a PostgreSQL error, ...): SQLite rolls some failed
     * transactions back by itself, and a rollback that then finds no transaction is only added to it as suppressed, as
     * is any other failure of the rollback.
     */
    public static <T> T inTransaction(Connection connection, Query<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T answer;
        try {
            answer = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollBack(connection, e);
            throw e;
        }
        connection.setAutoCommit(true);
        return answer;
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
