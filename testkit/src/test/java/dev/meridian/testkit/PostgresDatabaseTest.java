package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.app.StartRefusedException;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** The builders' database and root key: a server on PostgreSQL, and a second node on the same database. */
class PostgresDatabaseTest {
    private static final PostgresSettings DATABASE = PostgresTestDatabase.create();
    @TempDir
    static Path folder;

    @RegisterExtension
    static MeridianExtension meridian = MeridianExtension.builder().database(DATABASE)
            .rootKey(rootKeyFile())
            .build();

    /** Where the root key is created (at the first start), deleted when the JVM ends. */
    private static Path rootKeyFile() {
        try {
            Path directory = java.nio.file.Files.createTempDirectory("meridian-root-key-");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve("root.key");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theServerKeepsItsKeysInTheDatabaseAndASecondNodeWithTheSameRootKeyServesThem(KmsClient client) {
        ServerConfiguration configuration = meridian.server().configuration();
        assertThat(configuration.database()).contains(DATABASE);
        assertThat(configuration.rootKeyFile()).exists().hasSize(32);
        assertThat(meridian.server().dataDirectory().resolve("meridian.db")).doesNotExist();
        String keyId = client.createKey(request -> { }).keyMetadata().keyId();

        try (EmbeddedMeridian node = EmbeddedMeridian.start(configuration.toBuilder()
                .dataDirectory(ServerConfiguration.DEFAULT_DATA_DIRECTORY));
                KmsClient other = MeridianClients.kms(node.endpoint(), "us-east-1")) {
            assertThat(other.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        }
    }

    @Test
    void aNodeWithAnotherRootKeyIsRefused() {
        Path another = folder.resolve("another.key");
        assertThatThrownBy(() -> EmbeddedMeridian.start(ServerConfiguration.builder().database(DATABASE).rootKey(another)))
                .isInstanceOf(StartRefusedException.class)
                .hasMessage("The root key " + another + " is not the one this database's key material was wrapped with;"
                        + " start every node with the same --root-key");
    }
}
