package dev.meridian.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.Tag;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Region EU = Region.of("eu-west-1");
    private static final Region US = Region.of("us-east-1");
    private static final Instant T0 = Instant.ofEpochMilli(1_767_225_600_123L);

    @TempDir
    Path folder;

    private Path database() {
        return folder.resolve("meridian.db");
    }

    private static KeyRecord singleRegionKey(String id) {
        return KeyRecord.builder().reference(new KeyReference(ACCOUNT, EU, new KeyId(id))).policy("{\"p\":1}")
                .description("a key").state(KeyState.Enabled).creationDate(T0).currentMaterialVersion(1)
                .tags(List.of(new Tag("b", "2"), new Tag("a", ""))).build();
    }

    private static KeyRecord replicaKey() {
        return KeyRecord.builder().reference(new KeyReference(ACCOUNT, US, new KeyId("mrk-00112233445566778899aabbccddeeff")))
                .policy("{}").state(KeyState.PendingReplicaDeletion).creationDate(T0).deletionDate(T0.plusSeconds(86_400))
                .pendingDeletionWindowInDays(7).primaryRegion(EU).currentMaterialVersion(2).build();
    }

    private static WrappedMaterial material(KeyRecord key, int version) {
        MaterialInfo info = version == 1 ? MaterialInfo.initial("ab".repeat(32), T0)
                : new MaterialInfo(String.format("%064x", version), T0.plusSeconds(version), MaterialInfo.RotationType.ON_DEMAND,
                        "imported " + version, T0.plusSeconds(86_400L * version));
        return new WrappedMaterial(key.reference(), version, new byte[] {(byte) version, 1, 2, 3}, info);
    }

    @Test
    void everyChangeTypeSurvivesAReopen() {
        KeyRecord key = singleRegionKey("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord replica = replicaKey();
        Alias alias = new Alias(ACCOUNT, EU, "alias/one", key.reference().keyId(), T0, T0.plusMillis(5));
        ReplicationEvent event = new ReplicationEvent(42, replica.reference(),
                ReplicationEvent.Type.COMPLETE_PRIMARY_UPDATE, T0.plusSeconds(2), US);
        ReplicationEvent eventWithoutArgument = new ReplicationEvent(43, replica.reference(),
                ReplicationEvent.Type.COMPLETE_REPLICA_CREATION, T0, null);
        try (SqliteStore store = SqliteStore.open(database())) {
            store.commit(new StoreBatch().putKey(key).putKey(replica).putMaterial(material(key, 1))
                    .putMaterial(material(replica, 1)).putMaterial(material(replica, 2)).putAlias(alias)
                    .putEvent(event).putEvent(eventWithoutArgument));
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            StoreContents contents = store.load();
            assertThat(contents.keys()).containsExactlyInAnyOrder(key, replica);
            KeyRecord loadedKey = contents.keys().stream().filter(key::equals).findFirst().orElseThrow();
            assertThat(loadedKey.tags()).containsExactly(new Tag("b", "2"), new Tag("a", ""));
            assertThat(contents.materials()).containsExactlyInAnyOrder(material(key, 1), material(replica, 1), material(replica, 2));
            assertThat(contents.aliases()).containsExactly(alias);
            assertThat(contents.events()).containsExactly(event, eventWithoutArgument);

            KeyRecord changed = key.toBuilder().state(KeyState.Disabled).description("changed")
                    .tags(List.of(new Tag("c", "3"))).build();
            Alias retargeted = alias.retarget(replica.reference().keyId(), T0.plusSeconds(9));
            store.commit(new StoreBatch().putKey(changed).putAlias(retargeted).deleteEvent(42));
            contents = store.load();
            assertThat(contents.keys()).containsExactlyInAnyOrder(changed, replica);
            assertThat(contents.aliases()).containsExactly(retargeted);
            assertThat(contents.events()).containsExactly(eventWithoutArgument);

            store.commit(new StoreBatch().deleteKey(changed.reference()).deleteAlias(ACCOUNT, EU, "alias/one").deleteEvent(43));
            contents = store.load();
            assertThat(contents.keys()).containsExactly(replica);
            assertThat(contents.materials()).containsExactlyInAnyOrder(material(replica, 1), material(replica, 2));
            assertThat(contents.aliases()).isEmpty();
            assertThat(contents.events()).isEmpty();

            store.commit(new StoreBatch().deleteMaterial(replica.reference(), 2));
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            assertThat(store.load().materials()).containsExactly(material(replica, 1));
        }
        assertThat(count("SELECT COUNT(*) FROM key_tags WHERE key_id = '0123abcd-4567-89ef-0011-223344556677'")).isZero();
    }

    @Test
    void theKeyManagerSurvivesAReopenAndOlderRowsAreCustomerManaged() throws SQLException {
        KeyRecord customer = singleRegionKey("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord awsManaged = singleRegionKey("99999999-4567-89ef-0011-223344556677").toBuilder()
                .keyManager(KeyManager.AWS).rotationEnabled(true).rotationPeriodInDays(365)
                .nextRotationDate(T0.plusSeconds(365 * 86_400L)).build();
        try (SqliteStore store = SqliteStore.open(database())) {
            store.commit(new StoreBatch().putKey(customer).putKey(awsManaged));
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            assertThat(store.load().keys()).containsExactlyInAnyOrder(customer, awsManaged);
        }
        assertThat(customer.keyManager()).isEqualTo(KeyManager.CUSTOMER);
        assertThat(count("SELECT COUNT(*) FROM keys WHERE key_manager = 'AWS'")).isOne();
    }

    @Test
    void aBatchThatFailsMidwayLeavesNothing() {
        KeyRecord existing = singleRegionKey("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord fresh = singleRegionKey("fedcba98-4567-89ef-0011-223344556677");
        try (SqliteStore store = SqliteStore.open(database())) {
            store.commit(new StoreBatch().putKey(existing).putMaterial(material(existing, 1)));
            StoreContents before = store.load();

            StoreBatch failing = new StoreBatch().putKey(fresh).putMaterial(material(fresh, 1))
                    .putAlias(new Alias(ACCOUNT, EU, "alias/fresh", fresh.reference().keyId(), T0, T0))
                    .putKey(existing.toBuilder().state(KeyState.Disabled).build())
                    .putMaterial(new WrappedMaterial(existing.reference(), 1, new byte[] {9}, MaterialInfo.initial("cd".repeat(32), T0)));
            assertThatThrownBy(() -> store.commit(failing)).isInstanceOf(StoreException.class)
                    .hasMessage("Cannot commit a batch of 5 changes").hasCauseInstanceOf(SQLException.class);

            assertThat(store.load()).isEqualTo(before);
            store.commit(new StoreBatch().putKey(fresh));
            assertThat(store.load().keys()).containsExactlyInAnyOrder(existing, fresh);
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            assertThat(store.load().materials()).containsExactly(material(existing, 1));
        }
    }

    @Test
    void aFullDiskRefusesTheWholeBatchAndTheStoreWritesAgainOnceThereIsRoom() {
        KeyRecord existing = singleRegionKey("0123abcd-4567-89ef-0011-223344556677");
        KeyRecord large = singleRegionKey("fedcba98-4567-89ef-0011-223344556677").toBuilder()
                .description("d".repeat(8192)).policy("{\"p\":\"" + "p".repeat(32_000) + "\"}").build();
        StoreBatch needingSpace = new StoreBatch().putKey(large).putMaterial(material(large, 1))
                .putKey(existing.toBuilder().state(KeyState.Disabled).description("changed").build());
        try (SqliteStore store = SqliteStore.open(database())) {
            store.commit(new StoreBatch().putKey(existing).putMaterial(material(existing, 1)));
            StoreContents before = store.load();
            store.capAtCurrentSize();

            assertThatThrownBy(() -> store.commit(needingSpace)).isInstanceOf(StoreException.class)
                    .hasMessage("Cannot commit a batch of 3 changes")
                    .cause().hasMessageContaining("SQLITE_FULL");
            assertThat(store.load()).isEqualTo(before);
            assertThatThrownBy(() -> store.commit(needingSpace)).isInstanceOf(StoreException.class)
                    .cause().hasMessageContaining("SQLITE_FULL");

            store.liftSizeCap();
            store.commit(needingSpace);
            assertThat(store.load().keys()).extracting(KeyRecord::description).containsExactlyInAnyOrder("changed",
                    large.description());
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            assertThat(store.load().keys()).hasSize(2);
            assertThat(store.load().materials()).containsExactlyInAnyOrder(material(existing, 1), material(large, 1));
        }
    }

    @Test
    void anEmptyBatchIsANoOp() {
        try (SqliteStore store = SqliteStore.open(database())) {
            store.commit(new StoreBatch());
            assertThat(store.load()).isEqualTo(new StoreContents(store.load().position(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
        }
    }

    @Test
    void theSchemaIsVersionOneAndReopeningIsIdempotent() throws SQLException {
        SqliteStore.open(database()).close();
        assertThat(versions()).containsExactly(SchemaMigrations.latestVersion());
        assertThat(tables()).contains("keys", "key_tags", "key_materials", "aliases", "replication_events", "schema_version");
        KeyRecord key = singleRegionKey("0123abcd-4567-89ef-0011-223344556677");
        try (SqliteStore store = SqliteStore.open(database())) {
            store.commit(new StoreBatch().putKey(key));
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            assertThat(store.load().keys()).containsExactly(key);
        }
        assertThat(versions()).containsExactly(SchemaMigrations.latestVersion());
        try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void aDatabaseFromANewerMeridianIsRefused() throws SQLException {
        SqliteStore.open(database()).close();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE schema_version SET version = 99");
        }
        assertThatThrownBy(() -> SqliteStore.open(database())).isInstanceOf(StoreException.class)
                .hasMessage("Cannot open the database " + database())
                .cause().hasMessageContaining("The database has schema version 99, newer than this Meridian ("
                        + SchemaMigrations.latestVersion() + ")");
    }

    @Test
    void aVersionOneDatabaseIsMigratedAndItsMaterialMarkedUnidentified() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            String initial = new String(SqliteStore.class.getResourceAsStream("V1__initial.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String sql : initial.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            statement.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (1)");
            statement.execute("INSERT INTO key_materials VALUES ('111122223333', 'us-east-1', "
                    + "'mrk-00112233445566778899aabbccddeeff', 1, X'0102')");
        }
        try (SqliteStore store = SqliteStore.open(database())) {
            WrappedMaterial material = store.load().materials().get(0);
            assertThat(material.info().isIdentified()).isFalse();
            assertThat(material.info().rotationType()).isNull();
        }
        assertThat(versions()).containsExactly(SchemaMigrations.latestVersion());
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database().toAbsolutePath());
    }

    private List<Integer> versions() throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery("SELECT version FROM schema_version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private long count(String sql) {
        try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
