package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root key rule: a store keeps the check value of the root key its material was first wrapped with, and a server
 * with another root key refuses to start, in one line, before it serves or writes anything.
 */
class RootKeyRuleTest {

    @Test
    void aServerWithAnotherRootKeyThanTheStoresRefusesToStart(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        ServerConfiguration first = settings(data).build();
        try (MeridianServer server = MeridianServer.start(first)) {
            assertThat(server.port()).isPositive();
        }
        assertThat(data.resolve(MeridianServer.ROOT_KEY_FILE)).exists();
        byte[] database = Files.readAllBytes(data.resolve(MeridianServer.DATABASE_FILE));

        Path other = folder.resolve("other.key");
        assertThatThrownBy(() -> MeridianServer.start(settings(data).rootKey(other).build()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("The root key " + other.toAbsolutePath() + " is not the one this database's key material was"
                        + " wrapped with; start every node with the same --root-key");
        assertThat(Files.readAllBytes(data.resolve(MeridianServer.DATABASE_FILE))).isEqualTo(database);

        try (MeridianServer again = MeridianServer.start(first)) { // the refusal released the data folder
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void aNodeWithAnotherRootKeyThanTheDatabasesRefusesToStartWhileOneWithTheSameStarts(@TempDir Path folder)
            throws Exception {
        PostgresSettings database = PostgresTestDatabase.create();
        Path rootKey = folder.resolve("root.key");
        try (MeridianServer first = MeridianServer.start(settings(folder.resolve("one")).database(database).rootKey(rootKey).build())) {
            assertThat(folder.resolve("one").resolve(MeridianServer.DATABASE_FILE)).doesNotExist();
            assertThat(folder.resolve("one").resolve(MeridianServer.AUDIT_DATABASE_FILE)).doesNotExist();
            Path other = folder.resolve("two").resolve(MeridianServer.ROOT_KEY_FILE);
            assertThatThrownBy(() -> MeridianServer.start(settings(folder.resolve("two")).database(database).build()))
                    .isInstanceOf(StartRefusedException.class)
                    .hasMessage("The root key " + other.toAbsolutePath() + " is not the one this database's key material"
                            + " was wrapped with; start every node with the same --root-key");
            try (MeridianServer second = MeridianServer.start(settings(folder.resolve("three")).database(database)
                    .rootKey(rootKey).build())) {
                assertThat(second.port()).isNotEqualTo(first.port());
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLine(@TempDir Path folder) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresSettings nowhere = PostgresSettings.of("jdbc:postgresql://127.0.0.1:" + closedPort
                + "/meridian?user=meridian&password=secret&connectTimeout=2");
        assertThatThrownBy(() -> MeridianServer.start(settings(folder.resolve("data")).database(nowhere).build()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("Cannot open the database jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/meridian?user=meridian&password=***&connectTimeout=2: ")
                .hasMessageEndingWith("; expected a PostgreSQL server (13 or later) that this user can reach and sign in to")
                .message().doesNotContain("secret").doesNotContain("\n");
    }

    @Test
    void aRootKeyFileOutsideTheDataFolderIsCreatedThereAndKeptUsing(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        Path rootKey = folder.resolve("keys").resolve("root.key");
        Files.createDirectories(rootKey.getParent());
        try (MeridianServer server = MeridianServer.start(settings(data).rootKey(rootKey).build())) {
            assertThat(server.port()).isPositive();
        }
        assertThat(rootKey).exists().hasSize(32);
        assertThat(data.resolve(MeridianServer.ROOT_KEY_FILE)).doesNotExist();
        try (MeridianServer again = MeridianServer.start(settings(data).rootKey(rootKey).build())) {
            assertThat(again.port()).isPositive();
        }
        assertThatThrownBy(() -> MeridianServer.start(settings(data).build()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("The root key " + data.toAbsolutePath().resolve(MeridianServer.ROOT_KEY_FILE) + " is not");
    }

    @Test
    void aRootKeyFileThatCannotBeReadIsOneLine(@TempDir Path folder) throws Exception {
        Path shortKey = Files.write(folder.resolve("short.key"), new byte[5]);
        assertThatThrownBy(() -> MeridianServer.start(settings(folder.resolve("data")).rootKey(shortKey).build()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("The root key file " + shortKey + " must hold 32 bytes, not 5 bytes; expected the root key"
                        + " file this service was started with");
        Path nowhere = folder.resolve("absent").resolve("root.key");
        assertThatThrownBy(() -> MeridianServer.start(settings(folder.resolve("data")).rootKey(nowhere).build()))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("Cannot read or create the root key file " + nowhere + ": the folder " + nowhere.getParent()
                        + " does not exist; expected a file of 32 bytes, or a path in a folder where one can be created");
    }

    private static ServerConfiguration.Builder settings(Path data) {
        return ServerConfiguration.builder().port(0).dataDirectory(data).replicationDelay(Duration.ZERO);
    }
}
