package dev.meridian.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A full disk, made on purpose: SQLite's {@code max_page_count} caps what one connection lets its database
 * grow to, and a write that needs one page more fails with {@code SQLITE_FULL}, exactly as when the disk
 * is full. Tests of a full disk use it (no small file system is needed); the cap lasts until lifted or the
 * connection closes, and is never stored in the database.
 */
public final class SqlitePageLimit {
    /** SQLite's own maximum page count: setting it lifts any cap. */
    private static final long NO_CAP = 4_294_967_294L;

    private SqlitePageLimit() {
    }

    /** Caps the database at the pages it has now: writes that need more space fail with SQLITE_FULL. */
    public static void capAtCurrentSize(Connection connection) throws SQLException {
        set(connection, pragma(connection, "page_count"));
    }

    /** Lifts the cap: the database may grow again. */
    public static void lift(Connection connection) throws SQLException {
        set(connection, NO_CAP);
    }

    /** The value of a PRAGMA that answers one number ({@code page_count}, {@code freelist_count}, ...). */
    public static long pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static void set(Connection connection, long pages) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA max_page_count = " + pages);
        }
    }
}
