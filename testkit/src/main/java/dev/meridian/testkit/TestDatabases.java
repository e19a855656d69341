package dev.meridian.testkit;

import dev.meridian.postgres.PostgresSettings;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Fresh PostgreSQL databases for the test kit's servers, so that a whole suite can run against PostgreSQL without a
 * line of it changing: with the system property {@value #STORE_PROPERTY}{@code =postgres}, every
 * {@link EmbeddedMeridian} whose settings name no database gets a new one from the implementation of this interface
 * that {@link ServiceLoader} finds (a {@code META-INF/services/dev.meridian.testkit.TestDatabases} file of the test
 * class path), and drops it when it stops. Without the property, or with {@code sqlite}, servers keep SQLite in their
 * data folder. The test kit itself brings no PostgreSQL: the suite that asks for it provides the databases (an
 * embedded PostgreSQL, say, or a server of its CI).
 */
public interface TestDatabases {
    /** The system property that chooses the store of servers without a database: {@code sqlite} or {@code postgres}. */
    String STORE_PROPERTY = "meridian.test.store";

    /** A new, empty database. */
    PostgresSettings create();

    /** Drops a database {@link #create()} made, once its server stopped; by default it is left to the provider. */
    default void drop(PostgresSettings database) {
    }

    /**
     * The provider of databases when {@value #STORE_PROPERTY} asks for PostgreSQL; empty when it asks for SQLite or is
     * not set.
     *
     * @throws IllegalStateException if the property has another value, or asks for PostgreSQL and no provider is on
     *         the class path
     */
    static Optional<TestDatabases> selected() {
        String store = System.getProperty(STORE_PROPERTY, "sqlite").trim().toLowerCase(Locale.ROOT);
        switch (store) {
            case "", "sqlite":
                return Optional.empty();
            case "postgres", "postgresql":
                return Optional.of(ServiceLoader.load(TestDatabases.class).findFirst().orElseThrow(
                        () -> new IllegalStateException(STORE_PROPERTY + "=" + store + " needs an implementation of "
                                + TestDatabases.class.getName() + " on the class path (a META-INF/services file)")));
            default:
                throw new IllegalStateException("'" + store + "' is not a store for " + STORE_PROPERTY
                        + "; expected sqlite or postgres");
        }
    }

    /** Whether the test kit's servers without a database of their own run on PostgreSQL ({@value #STORE_PROPERTY}). */
    static boolean postgresSelected() {
        return selected().isPresent();
    }
}
