package dev.meridian.postgres;

import dev.meridian.jdbc.SqlScripts;
import dev.meridian.jdbc.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations for PostgreSQL: SQL resources {@code V<n>__*.sql}, applied in order, each in one
 * transaction together with its version number, under a transaction-scoped advisory lock, so that several nodes
 * starting at once migrate once: the first takes the lock and migrates, the others wait, then find the work done.
 * A database of a newer schema than this Meridian knows is refused.
 */
public final class PostgresMigrations {
    private PostgresMigrations() {
    }

    /**
     * Brings the schema whose version {@code versionTable} records to the last of {@code scripts} (resource names
     * next to {@code resourceBase}, version 1 first). {@code lockId} is the advisory lock the migrations of this
     * schema take; {@code databaseName} names it in the error for a newer schema.
     */
    public static void apply(Connection connection, Class<?> resourceBase, List<String> scripts, String versionTable,
            long lockId, String databaseName) throws SQLException {
        for (int version = 1; version <= scripts.size(); version++) {
            int next = version;
            Transactions.inTransaction(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_xact_lock(" + lockId + ")");
                    statement.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INTEGER NOT NULL)");
                    int current;
                    try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM " + versionTable)) {
                        rows.next();
                        current = rows.getInt(1);
                    }
                    if (current > scripts.size()) {
                        throw new SQLException(databaseName + " has schema version " + current
                                + ", newer than this Meridian (" + scripts.size() + ")");
                    }
                    if (current < next) {
                        SqlScripts.execute(statement, SqlScripts.read(resourceBase, scripts.get(next - 1)));
                        statement.execute("DELETE FROM " + versionTable);
                        statement.execute("INSERT INTO " + versionTable + " (version) VALUES (" + next + ")");
                    }
                }
            });
        }
    }
}
