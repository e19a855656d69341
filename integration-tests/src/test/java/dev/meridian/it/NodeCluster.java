package dev.meridian.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Several Meridian server processes ({@link ServerProcess}, from the test's class path) serving one service from one
 * PostgreSQL database, as an operator runs them behind a load balancer: each node has its own data folder, all share
 * the database and the root key file. The PostgreSQL server is the cluster's own (embedded, on a fixed data folder
 * and port), so that a test can stop it and start it again where the nodes expect it ({@link #stopDatabase},
 * {@link #startDatabase}). Closing the cluster stops every node still running, then the database.
 */
final class NodeCluster implements AutoCloseable {
    private static final String DATABASE = "meridian";
    private final Path folder;
    private final List<String> options;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private int port;
    private int started;

    private NodeCluster(Path folder, List<String> options) {
        this.folder = folder;
        this.options = List.copyOf(options);
    }

    /**
     * Starts a PostgreSQL server in {@code folder} with an empty database; nodes started later get {@code options}
     * besides the database, the root key and their own data folder.
     */
    static NodeCluster create(Path folder, String... options) {
        NodeCluster cluster = new NodeCluster(folder, List.of(options));
        cluster.startDatabase();
        try (Connection connection = cluster.postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database", e);
        }
        return cluster;
    }

    /** The JDBC URL every node is started with. */
    String databaseUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE + "?user=postgres";
    }

    /** The root key file the nodes share (the first node creates it). */
    Path rootKey() {
        return folder.resolve("root.key");
    }

    /** Starts one more node, in a data folder of its own, and returns once it is ready. */
    ServerProcess startNode() throws IOException, InterruptedException {
        String name;
        synchronized (this) {
            name = "node-" + ++started;
        }
        List<String> arguments = new ArrayList<>(List.of("--database", databaseUrl(), "--root-key", rootKey().toString()));
        arguments.addAll(options);
        ServerProcess node = ServerProcess.start(folder.resolve(name), arguments.toArray(String[]::new));
        synchronized (this) {
            nodes.add(node);
        }
        return node;
    }

    /** Stops the PostgreSQL server (fast shutdown: open connections are closed), keeping its data. */
    synchronized void stopDatabase() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the PostgreSQL server on its data folder, on the port it had (any free one the first time). */
    synchronized void startDatabase() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(folder.resolve("postgres"))
                .setCleanDataDirectory(false);
        if (port != 0) {
            builder.setPort(port);
        }
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
        port = postgres.getPort();
    }

    @Override
    public void close() {
        List<ServerProcess> running;
        synchronized (this) {
            running = List.copyOf(nodes);
        }
        running.forEach(ServerProcess::close);
        try {
            postgres.close();
        } catch (IOException ignored) {
            // already stopped by a test, or going away with the JVM
        }
    }
}
