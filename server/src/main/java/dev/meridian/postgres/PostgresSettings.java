package dev.meridian.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to sign in: the JDBC URL as the user gave it
 * ({@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}) and, apart from it, a password read from a file or the
 * environment. Shared by the key store and the audit store, which keep their tables in the same database.
 * {@link #toString()} never shows a password, neither the separate one nor one inside the URL.
 */
public final class PostgresSettings {
    private final String jdbcUrl;
    private final Optional<char[]> password;

    private PostgresSettings(String jdbcUrl, Optional<char[]> password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB): "
                    + withoutPassword(jdbcUrl));
        }
        this.jdbcUrl = jdbcUrl;
        this.password = password.map(char[]::clone);
    }

    /** The database at {@code jdbcUrl}, with the password (if any) the URL holds. */
    public static PostgresSettings of(String jdbcUrl) {
        return new PostgresSettings(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), Optional.empty());
    }

    /** The same database, signing in with {@code password} (it wins over one in the URL). */
    public PostgresSettings withPassword(char[] newPassword) {
        return new PostgresSettings(jdbcUrl, Optional.of(newPassword));
    }

    /** The JDBC URL as given (it may hold a password: never log it; log {@link #toString()}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Opens a new connection in auto-commit mode. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        password.ifPresent(secret -> properties.setProperty("password", new String(secret)));
        properties.setProperty("ApplicationName", "meridian");
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Equal when the URL and the separate password are (so that two readings of one command line are equal). */
    @Override
    public boolean equals(Object other) {
        return other instanceof PostgresSettings that && jdbcUrl.equals(that.jdbcUrl)
                && java.util.Arrays.equals(password.orElse(null), that.password.orElse(null));
    }

    @Override
    public int hashCode() {
        return jdbcUrl.hashCode();
    }

    @Override
    public String toString() {
        return withoutPassword(jdbcUrl);
    }

    /** The URL with the value of any {@code password} parameter replaced by {@code ***}. */
    static String withoutPassword(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
    }
}
