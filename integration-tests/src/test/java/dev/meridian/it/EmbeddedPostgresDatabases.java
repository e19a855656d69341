package dev.meridian.it;

import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import dev.meridian.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
}
