package dev.meridian.sqlite;

import static dev.meridian.sqlite.SqliteMigrations.USER_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database's missing migrations are applied in one transaction (this test's scripts, next to this class): all of
 * them with the last version, or, when one fails, none of them and the version it had.
 */
class SqliteMigrationsTest {
    private static final List<String> TWO = List.of("V1__first.sql", "V2__second.sql");
    private static final List<String> THREE_THE_LAST_BROKEN = List.of("V1__first.sql", "V2__second.sql", "V3__broken.sql");

    @TempDir
    Path folder;

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("test.db"));
    }

    @Test
    void aNewDatabaseGetsEveryScriptAndTheLastVersion() throws SQLException {
        try (Connection connection = connect()) {
            SqliteMigrations.apply(connection, SqliteMigrationsTest.class, TWO, USER_VERSION, "The test database");

            assertThat(USER_VERSION.current(connection)).isEqualTo(2);
            assertThat(tables(connection)).containsExactly("first", "second");
            assertThat(connection.getAutoCommit()).isTrue();
            // Applying again changes nothing.
            SqliteMigrations.apply(connection, SqliteMigrationsTest.class, TWO, USER_VERSION, "The test database");
            assertThat(rows(connection, "first")).isOne();
        }
    }

    @Test
    void aFailingScriptLeavesNoneOfTheMissingOnesAndTheVersionAsItWas() throws SQLException {
        try (Connection connection = connect()) {
            SqliteMigrations.apply(connection, SqliteMigrationsTest.class, TWO.subList(0, 1), USER_VERSION,
                    "The test database");
            assertThat(USER_VERSION.current(connection)).isEqualTo(1);

            assertThatThrownBy(() -> SqliteMigrations.apply(connection, SqliteMigrationsTest.class,
                    THREE_THE_LAST_BROKEN, USER_VERSION, "The test database")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no such table: no_such_table");

            // The second script, which ran before the broken third, was rolled back with it.
            assertThat(USER_VERSION.current(connection)).isEqualTo(1);
            assertThat(tables(connection)).containsExactly("first");
            assertThat(rows(connection, "first")).isZero();
        }
    }

    @Test
    void aDatabaseOfANewerVersionIsRefused() throws SQLException {
        try (Connection connection = connect()) {
            SqliteMigrations.apply(connection, SqliteMigrationsTest.class, TWO, USER_VERSION, "The test database");

            assertThatThrownBy(() -> SqliteMigrations.apply(connection, SqliteMigrationsTest.class, TWO.subList(0, 1),
                    USER_VERSION, "The test database")).isInstanceOf(SQLException.class)
                    .hasMessage("The test database has schema version 2, newer than this Meridian (1)");
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static long rows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
