package dev.meridian.it;

import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import dev.meridian.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The suite's databases when it runs on PostgreSQL ({@code -Dmeridian.test.store=postgres}, the build's
 * {@code postgres} execution): a fresh database of the JVM's embedded PostgreSQL for every server of the test kit
 * ({@link PostgresTestDatabase}), dropped when the server stops.
 */
public final class EmbeddedPostgresDatabases implements TestDatabases {

    @Override
    public PostgresSettings create() {
        return PostgresTestDatabase.create();
    }

    @Override
    public void drop(PostgresSettings database) {
        String url = database.jdbcUrl();
        String name = url.substring(url.lastIndexOf('/') + 1).split("\\?", 2)[0];
        try (Connection connection = PostgresTestDatabase.server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop the test database " + name, e);
        }
    }

    /**
     * Skips a test that is about SQLite itself (its files, its full disk) when the suite runs on PostgreSQL, saying
     * why; a test of the service's behaviour runs on both stores.
     */
    public static void assumeSqlite(String why) {
        Assumptions.assumeFalse(selected(), "SQLite only: " + why);
    }

    /** Whether this run's test kit servers keep their keys in PostgreSQL rather than SQLite. */
    public static boolean selected() {
        return TestDatabases.postgresSelected();
    }

    /**
     * Every row of every table of a server's database (key store and audit trail), one text per row: its table and
     * columns, binary ones byte for byte (ISO-8859-1), for tests that search the stored rows for secrets.
     */
    static List<String> everyRow(PostgresSettings settings) throws SQLException {
        List<String> stored = new ArrayList<>();
        try (Connection database = settings.connect();
                Statement statement = database.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        StringBuilder row = new StringBuilder(table).append('\n');
                        for (int column = 1; column <= columns; column++) {
                            boolean binary = rows.getMetaData().getColumnType(column) == java.sql.Types.BINARY;
                            byte[] bytes = binary ? rows.getBytes(column) : null;
                            row.append(binary ? bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1)
                                    : rows.getString(column)).append('\n');
                        }
                        stored.add(row.toString());
                    }
                }
            }
        }
        return stored;
    }
}
