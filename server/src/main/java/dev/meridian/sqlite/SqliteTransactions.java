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

    /** Runs {@code work} in one transaction; rethrows what it throws after the rollback. */
    public static void inTransaction(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
