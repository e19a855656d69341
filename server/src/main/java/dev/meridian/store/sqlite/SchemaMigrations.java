package dev.meridian.store.sqlite;

import dev.meridian.sqlite.SqliteMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The key store's schema migrations (see {@link SqliteMigrations}); the version is kept in the
 * {@code schema_version} table.
 */
final class SchemaMigrations {
    /** Resource names of the migrations, version 1 first. Append; never edit a released one. */
    private static final List<String> MIGRATIONS = List.of("V1__initial.sql", "V2__rotation_and_material_information.sql",
            "V3__grants.sql", "V4__last_usage_request.sql", "V5__key_manager.sql",
            "V6__settings.sql");

    private SchemaMigrations() {
    }

    /** The schema version this Meridian writes. */
    static int latestVersion() {
        return MIGRATIONS.size();
    }

    static void apply(Connection connection) throws SQLException {
        SqliteMigrations.apply(connection, SchemaMigrations.class, MIGRATIONS, new SqliteMigrations.VersionRecord() {
            @Override
            public int current(Connection database) throws SQLException {
                try (Statement statement = database.createStatement()) {
                    // Read only: a new database gets its version table in the migrations' one transaction.
                    try (ResultSet tables = statement.executeQuery(
                            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
                        if (!tables.next()) {
                            return 0;
                        }
                    }
                    try (ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
                        return rows.next() ? rows.getInt(1) : 0;
                    }
                }
            }

            @Override
            public void record(Statement statement, int version) throws SQLException {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                statement.execute("DELETE FROM schema_version");
                statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
            }
        }, "The database");
    }
}
