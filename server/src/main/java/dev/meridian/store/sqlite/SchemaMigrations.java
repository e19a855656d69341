package dev.meridian.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations, applied in order in one transaction each. A database written by a newer
 * Meridian (a higher version than this code knows) is refused rather than guessed at.
 */
final class SchemaMigrations {
    /** Resource names of the migrations, version 1 first. Append; never edit a released one. */
    private static final List<String> MIGRATIONS = List.of("V1__initial.sql", "V2__rotation_and_material_information.sql",
            "V3__grants.sql");

    private SchemaMigrations() {
    }

    /** The schema version this Meridian writes. */
    static int latestVersion() {
        return MIGRATIONS.size();
    }

    static void apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int current = currentVersion(connection);
        if (current > MIGRATIONS.size()) {
            throw new SQLException("The database has schema version " + current + ", newer than this Meridian ("
                    + MIGRATIONS.size() + ")");
        }
        for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : read(MIGRATIONS.get(version - 1)).split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
                statement.execute("DELETE FROM schema_version");
                statement.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static String read(String resource) {
        try (InputStream input = SchemaMigrations.class.getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalStateException("Missing migration " + resource);
            }
            String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder withoutComments = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.stripLeading().startsWith("--")) {
                    withoutComments.append(line).append('\n');
                }
            }
            return withoutComments.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
