package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.MeridianServer;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.crypto.FileRootKey;
import dev.meridian.crypto.MaterialBinding;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreContents;
import dev.meridian.store.sqlite.SqliteStore;
import dev.meridian.testkit.EmbeddedMeridian;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.Tag;

/** What a clean restart keeps, and how the data folder protects key material. */
class DurabilityIT {
    private static final String PRIMARY = "eu-central-1";
    private static final String REPLICA = "sa-east-1";

    @Test
    void aRestartKeepsKeysAliasesTagsAndCiphertexts() {
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start())) {
            KmsClient client = kms.client(PRIMARY);
            String single = client.createKey(request -> request.description("single")
                    .tags(Tag.builder().tagKey("team").tagValue("core").build())).keyMetadata().keyId();
            String mrk = client.createKey(request -> request.multiRegion(true).description("mrk")).keyMetadata().keyId();
            client.replicateKey(request -> request.keyId(mrk).replicaRegion(REPLICA).description("replica"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    kms.client(REPLICA).describeKey(request -> request.keyId(mrk)).keyMetadata().keyState() == KeyState.ENABLED);
            client.createAlias(request -> request.aliasName("alias/durable-single").targetKeyId(single));
            client.createAlias(request -> request.aliasName("alias/durable-mrk").targetKeyId(mrk));
            client.tagResource(request -> request.keyId(mrk).tags(Tag.builder().tagKey("env").tagValue("prod").build()));
            String disabled = client.createKey(request -> { }).keyMetadata().keyId();
            client.disableKey(request -> request.keyId(disabled));
            SdkBytes singleBlob = client.encrypt(request -> request.keyId("alias/durable-single")
                    .plaintext(SdkBytes.fromUtf8String("one")).encryptionContext(Map.of("c", "1"))).ciphertextBlob();
            SdkBytes mrkBlob = client.encrypt(request -> request.keyId(mrk).plaintext(SdkBytes.fromUtf8String("two"))).ciphertextBlob();
            KeyMetadata singleBefore = client.describeKey(request -> request.keyId(single)).keyMetadata();
            KeyMetadata mrkBefore = client.describeKey(request -> request.keyId(mrk)).keyMetadata();
            List<AliasListEntry> aliasesBefore = client.listAliases(request -> { }).aliases();

            kms.server().restart();
            kms.resetClients();
            client = kms.client(PRIMARY);
            KmsClient replica = kms.client(REPLICA);
            String singleId = single;

            assertThat(client.describeKey(request -> request.keyId(singleId)).keyMetadata()).isEqualTo(singleBefore);
            assertThat(client.describeKey(request -> request.keyId(mrk)).keyMetadata()).isEqualTo(mrkBefore);
            KeyMetadata replicaAfter = replica.describeKey(request -> request.keyId(mrk)).keyMetadata();
            assertThat(replicaAfter.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(replicaAfter.description()).isEqualTo("replica");
            assertThat(replicaAfter.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
            assertThat(client.describeKey(request -> request.keyId(disabled)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
            assertThat(client.listAliases(request -> { }).aliases()).containsExactlyInAnyOrderElementsOf(aliasesBefore);
            assertThat(client.listResourceTags(request -> request.keyId(singleId)).tags())
                    .containsExactly(Tag.builder().tagKey("team").tagValue("core").build());
            assertThat(client.listResourceTags(request -> request.keyId(mrk)).tags())
                    .containsExactly(Tag.builder().tagKey("env").tagValue("prod").build());
            assertThat(client.listKeys(request -> { }).keys()).hasSize(3);

            assertThat(client.decrypt(request -> request.ciphertextBlob(singleBlob).encryptionContext(Map.of("c", "1")))
                    .plaintext().asUtf8String()).isEqualTo("one");
            assertThat(client.decrypt(request -> request.ciphertextBlob(mrkBlob)).plaintext().asUtf8String()).isEqualTo("two");
            assertThat(replica.decrypt(request -> request.ciphertextBlob(mrkBlob)).keyId()).isEqualTo(arn(REPLICA, mrk));
            SdkBytes fresh = client.encrypt(request -> request.keyId("alias/durable-mrk").plaintext(SdkBytes.fromUtf8String("3")))
                    .ciphertextBlob();
            assertThat(replica.decrypt(request -> request.ciphertextBlob(fresh)).plaintext().asUtf8String()).isEqualTo("3");
        }
    }

    @Test
    void theRootKeyIsOwnerOnlyAndTheDatabaseHoldsNoMaterialInTheClear(@TempDir Path folder) throws Exception {
        ServerConfiguration.Builder settings = ServerConfiguration.builder().replicationDelay(Duration.ZERO).dataDirectory(folder);
        if (EmbeddedPostgresDatabases.selected()) {
            settings.database(dev.meridian.testing.PostgresTestDatabase.create()); // kept after the server stops, to be read
        }
        EmbeddedMeridian server = EmbeddedMeridian.start(settings);
        try (KmsTestSupport kms = new KmsTestSupport(server)) {
            KmsClient client = kms.client(PRIMARY);
            for (int index = 0; index < 3; index++) {
                client.createKey(request -> { });
            }
            String mrk = client.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
            client.replicateKey(request -> request.keyId(mrk).replicaRegion(REPLICA));
        }
        Path rootKeyFile = folder.resolve(MeridianServer.ROOT_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootKeyFile))).isEqualTo("rw-------");
        byte[] rootKey = Files.readAllBytes(rootKeyFile);
        assertThat(rootKey).hasSize(32);

        StoreContents contents;
        java.util.Optional<dev.meridian.postgres.PostgresSettings> database = server.configuration().database();
        try (dev.meridian.store.Store store = database.isPresent()
                ? dev.meridian.store.postgres.PostgresStore.open(database.get())
                : SqliteStore.open(folder.resolve(MeridianServer.DATABASE_FILE))) {
            contents = store.load();
        }
        assertThat(contents.materials()).hasSize(5);
        FileRootKey root = FileRootKey.loadOrCreate(rootKeyFile);
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(rootKey);
        for (WrappedMaterial material : contents.materials()) {
            byte[] clear = root.unwrap(material.wrapped(), MaterialBinding.associatedData(material.key(), material.version()))
                    .toByteArray();
            assertThat(clear).hasSize(32);
            secrets.add(clear);
        }
        List<byte[]> files = new ArrayList<>(); // the data folder's files, and on PostgreSQL every row of the database
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(path -> !path.equals(rootKeyFile)).toList()) {
                files.add(Files.readAllBytes(file));
            }
        }
        if (database.isPresent()) {
            for (String row : EmbeddedPostgresDatabases.everyRow(database.get())) {
                files.add(row.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(files).isNotEmpty();
        for (byte[] secret : secrets) {
            for (byte[] file : files) {
                assertThat(indexOf(file, secret)).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            for (int index = 0; index < needle.length; index++) {
                if (haystack[start + index] != needle[index]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
