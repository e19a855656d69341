package dev.meridian.testkit;

import dev.meridian.app.MeridianServer;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A Meridian server inside the test's JVM, on a free port of 127.0.0.1, with its data in a folder of its
 * own (a fresh temporary one unless given). Close it to stop; closing also deletes the temporary folder
 * it made, never a folder it was given. {@link #restart()} stops and starts it on the same folder. Like a
 * server of its own process, it holds its folder: a second one on the same folder fails to start with a
 * {@link dev.meridian.app.DataDirectoryException}.
 *
 * <p>Its keys and audit trail are in SQLite in the data folder, or in the PostgreSQL database its settings name
 * ({@code ServerConfiguration.Builder.database}; several servers on one database, each with its own data folder and
 * the same {@code rootKey}, are nodes of one service). With {@code -Dmeridian.test.store=postgres}, a server whose
 * settings name no database gets a fresh one ({@link TestDatabases}), dropped when it stops; on a data folder the
 * test gave, every server started on that folder gets the same database (as it would find the folder's SQLite file).
 */
public final class EmbeddedMeridian implements AutoCloseable {
    private static final String NETTY_FLIGHT_RECORDER_EVENTS = "io.netty.jfr.enabled";
    private final ServerConfiguration configuration;
    private final MeridianServer.Storage storage;
    private final boolean temporaryFolder;
    /** The database made for this server alone ({@link TestDatabases}), dropped when it stops; empty otherwise. */
    private final Optional<PostgresSettings> temporaryDatabase;
    private volatile MeridianServer server;
    private final Outages outages = new Outages(() -> server.outages());

    private EmbeddedMeridian(ServerConfiguration configuration, MeridianServer.Storage storage, boolean temporaryFolder,
            Optional<PostgresSettings> temporaryDatabase) throws InterruptedException {
        this.configuration = configuration;
        this.storage = storage;
        this.temporaryFolder = temporaryFolder;
        this.temporaryDatabase = temporaryDatabase;
        this.server = MeridianServer.start(configuration, storage);
    }

    /** A server with a zero replication delay unless the builder says otherwise. */
    public static EmbeddedMeridian start() {
        return start(ServerConfiguration.builder().replicationDelay(Duration.ZERO));
    }

    /** A server with these settings, on port 0 and (unless set) a fresh temporary data folder. */
    public static EmbeddedMeridian start(ServerConfiguration.Builder settings) {
        return start(settings, UnaryOperator.identity());
    }

    public static EmbeddedMeridian start(ServerConfiguration.Builder settings, UnaryOperator<Store> storeDecorator) {
        return start(settings, MeridianServer.Storage.AS_OPENED.withKeyStore(storeDecorator));
    }

    /** The same, with the stores passed through the decorators of {@code storage} (see {@link MeridianServer.Storage}). */
    public static EmbeddedMeridian start(ServerConfiguration.Builder settings, MeridianServer.Storage storage) {
        if (System.getProperty(NETTY_FLIGHT_RECORDER_EVENTS) == null) {
            // As `serve` does: Netty's allocator events would make the first server of a JVM initialize the flight
            // recorder's event types (0.1 to 0.2 s of CPU); -Dio.netty.jfr.enabled=true brings them back. Read once,
            // when Netty's first class initializes: a Netty the JVM already uses keeps its setting.
            System.setProperty(NETTY_FLIGHT_RECORDER_EVENTS, "false");
        }
        // Logging first, on this thread, so that the warm-up's SDK and the server find it ready (SLF4J would
        // otherwise queue and replay the log calls made while another thread initializes it).
        org.slf4j.LoggerFactory.getILoggerFactory();
        SdkWarmUp.startOnce();
        ServerConfiguration configuration = settings.port(0).build();
        boolean temporaryFolder = configuration.dataDirectory().equals(ServerConfiguration.DEFAULT_DATA_DIRECTORY);
        if (temporaryFolder) {
            try {
                configuration = configuration.toBuilder().dataDirectory(Files.createTempDirectory("meridian-test-")).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Optional<PostgresSettings> temporaryDatabase = Optional.empty();
        if (configuration.database().isEmpty() && SelectedDatabases.PROVIDER.isPresent()) {
            PostgresSettings database;
            if (temporaryFolder) {
                database = SelectedDatabases.PROVIDER.get().create();
                temporaryDatabase = Optional.of(database);
            } else { // a folder the test gave: its database outlives the server, as meridian.db would, for the next start
                database = SelectedDatabases.OF_GIVEN_FOLDERS.computeIfAbsent(configuration.dataDirectory().toAbsolutePath()
                        .normalize(), folder -> SelectedDatabases.PROVIDER.get().create());
            }
            configuration = configuration.toBuilder().database(database).build();
        }
        try {
            return new EmbeddedMeridian(configuration, storage, temporaryFolder, temporaryDatabase);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cleanUp(configuration, temporaryFolder, temporaryDatabase);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            cleanUp(configuration, temporaryFolder, temporaryDatabase);
            throw e;
        }
    }

    public String endpoint() {
        return server.endpoint();
    }

    /**
     * The URL of a Region's own listener, for a Region given a port in the configuration
     * ({@code ServerConfiguration.Builder.regionPorts}; port 0 picks a free one at each start).
     *
     * @throws IllegalArgumentException if the Region has no listener of its own
     */
    public String endpoint(String region) {
        return server.endpoint(dev.meridian.model.Region.of(region)).orElseThrow(() -> new IllegalArgumentException(
                region + " has no listener of its own; give it a port with ServerConfiguration.Builder.regionPorts"));
    }

    /** Outages of this server, set and lifted at run time ({@link Outages}); a restart starts with none. */
    public Outages outages() {
        return outages;
    }

    public Path dataDirectory() {
        return configuration.dataDirectory();
    }

    public ServerConfiguration configuration() {
        return configuration;
    }

    /** Runs the timed work that is due by the server's clock, and waits for it. */
    public void runDueWork() {
        try {
            server.runDueWorkNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pauses and resumes replication into a Region, to rehearse a replica that lags behind its primary. The
     * pause ends with the server: after {@link #restart()} no Region is paused and the held events are applied.
     */
    public Replication replication() {
        return new Replication(() -> server.replication());
    }

    /**
     * Wipes every key, alias, grant, tag, pending replication, last use and audit record, in milliseconds and
     * without a restart: the server keeps its port, its clients and its clock ({@code POST /_meridian/reset}
     * does the same over HTTP). Development mode only, the default.
     *
     * @throws IllegalStateException when the server runs outside development mode
     */
    public void reset() {
        server.reset();
    }

    /** Stops the server and starts it again on the same data folder (and a new port). */
    public void restart() {
        server.close();
        try {
            server = MeridianServer.start(configuration, storage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server, then deletes the data folder (and drops the database) if this server made it. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            cleanUp(configuration, temporaryFolder, temporaryDatabase);
        }
    }

    private static void cleanUp(ServerConfiguration configuration, boolean temporaryFolder,
            Optional<PostgresSettings> temporaryDatabase) {
        try {
            temporaryDatabase.ifPresent(database -> SelectedDatabases.PROVIDER.orElseThrow().drop(database));
        } finally {
            if (temporaryFolder) {
                deleteRecursively(configuration.dataDirectory());
            }
        }
    }

    /**
     * The provider of databases that {@value TestDatabases#STORE_PROPERTY} selects, looked up once, and the database of
     * each data folder a test gave (kept for the JVM: every server started on that folder finds its keys again).
     */
    private static final class SelectedDatabases {
        static final Optional<TestDatabases> PROVIDER = TestDatabases.selected();
        static final java.util.Map<Path, PostgresSettings> OF_GIVEN_FOLDERS = new java.util.concurrent.ConcurrentHashMap<>();
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the temporary data folder " + folder, e);
        }
    }
}
