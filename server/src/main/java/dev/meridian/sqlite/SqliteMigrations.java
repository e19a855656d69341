package dev.meridian.sqlite;

import dev.meridian.jdbc.SqlScripts;
import dev.meridian.jdbc.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations for a SQLite database: SQL resources {@code V<n>__*.sql}, applied in order, all that a
 * database lacks in one transaction together with the new version number (a database is at one version or the next,
 * never between, and a new one is made with one commit). A database written by a newer Meridian
 * (a higher version than the list knows) is refused rather than guessed at. Released scripts are never
 * edited; new ones are appended.
 */
public final class SqliteMigrations {

    /** Where a database keeps its schema version. */
    public interface VersionRecord {
        /** The version the database is at; 0 for a new one. */
        int current(Connection connection) throws SQLException;

        /** Records {@code version}, inside the migration's transaction. */
        void record(Statement statement, int version) throws SQLException;
    }

    /** The version in the database file's header ({@code PRAGMA user_version}), 0 in a new file. */
    public static final VersionRecord USER_VERSION = new VersionRecord() {
        @Override
        public int current(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }

        @Override
        public void record(Statement statement, int version) throws SQLException {
            statement.execute("PRAGMA user_version = " + version);
        }
    };

    private SqliteMigrations() {
    }

    /**
     * Brings the database to the last of {@code scripts} (resource names next to {@code resourceBase},
     * version 1 first). {@code databaseName} names it in the error for a newer database ("The database").
     */
    public static void apply(Connection connection, Class<?> resourceBase, List<String> scripts, VersionRecord versions,
            String databaseName) throws SQLException {
        int current = versions.current(connection);
        if (current > scripts.size()) {
            throw new SQLException(databaseName + " has schema version " + current + ", newer than this Meridian ("
                    + scripts.size() + ")");
        }
        if (current == scripts.size()) {
            return;
        }
        List<String> pending = new ArrayList<>();
        for (int version = current + 1; version <= scripts.size(); version++) {
            pending.add(SqlScripts.read(resourceBase, scripts.get(version - 1)));
        }
        Transactions.inTransaction(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                for (String script : pending) {
                    SqlScripts.execute(statement, script);
                }
                versions.record(statement, scripts.size());
            }
        });
    }

}
