package dev.meridian.store.sqlite;

import dev.meridian.sqlite.SqlitePageLimit;
import dev.meridian.sqlite.SqliteTransactions;
import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.Tag;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreWrite;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import org.sqlite.SQLiteJDBCLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite database file in WAL mode with {@code synchronous=FULL}, so that a
 * committed batch survives a crash of the process or of the machine. One connection, used by one thread
 * at a time.
 *
 * <p>The embedded store belongs to one process (the data folder's lock sees to it) and to one registry in it: every
 * commit goes through this object, so {@link #changesSince} has nothing to report beyond the position, which
 * counts this object's commits. Event sequence numbers continue from the highest the outbox holds.
 */
public final class SqliteStore implements Store {
    private static final String ROOT_KEY_CHECK = "root_key_check";

    private final Connection connection;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong position = new AtomicLong();
    private long nextEventSequence;

    private SqliteStore(Connection connection) throws SQLException {
        this.connection = connection;
        try (var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(sequence), 0) FROM replication_events")) {
            rows.next();
            nextEventSequence = rows.getLong(1) + 1;
        }
    }

    /**
     * Loads the SQLite JDBC driver's native library (extracting it from the driver's jar), which the first
     * {@link #open} does otherwise: how a server's start does it ahead on a second thread. Thread-safe; a no-op the
     * second time.
     *
     * @throws StoreException if the library cannot be loaded
     */
    public static void loadNativeLibrary() {
        try {
            SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            throw new StoreException("Cannot load SQLite's native library", e);
        }
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static SqliteStore open(Path databaseFile) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath());
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            SchemaMigrations.apply(connection);
            return new SqliteStore(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot open the database " + databaseFile, e);
        }
    }

    @Override
    public synchronized StoreContents load() {
        try {
            return new StoreContents(position.get(), loadKeys(), loadMaterials(), loadAliases(), loadEvents(),
                    GrantRows.loadGrants(connection), KeyUsageRows.loadLastUsages(connection));
        } catch (SQLException e) {
            throw new StoreException("Cannot read the store", e);
        }
    }

    @Override
    public StoreWrite beginWrite() {
        writeLock.lock();
        return new StoreWrite() {
            private boolean committed;
            private boolean closed;

            @Override
            public StoreChanges changesSince(long since) {
                return SqliteStore.this.changesSince(since);
            }

            @Override
            public long nextEventSequence() {
                return nextEventSequence++;
            }

            @Override
            public long commit(StoreBatch batch) {
                if (committed || closed) {
                    throw new IllegalStateException("One commit per write");
                }
                committed = true;
                return commitLocked(batch);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    writeLock.unlock();
                }
            }
        };
    }

    private synchronized long commitLocked(StoreBatch batch) {
        if (batch.isEmpty()) {
            return position.get();
        }
        try {
            SqliteTransactions.inTransaction(connection, () -> {
                for (StoreChange change : batch.changes()) {
                    apply(change);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot commit a batch of " + batch.changes().size() + " changes", e);
        }
        return position.incrementAndGet();
    }

    @Override
    public StoreChanges changesSince(long since) {
        return StoreChanges.none(position.get());
    }

    @Override
    public synchronized byte[] rootKeyCheck(byte[] proposed) {
        try {
            SqliteTransactions.inTransaction(connection, () -> update(
                    "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)", ROOT_KEY_CHECK, proposed));
            try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                statement.setString(1, ROOT_KEY_CHECK);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the root key's check value", e);
        }
    }

    /**
     * Makes the disk full for this store (SQLite's {@code max_page_count} at the current size): a commit that
     * needs more space fails with SQLITE_FULL, as on a full disk, until {@link #liftSizeCap()}. For tests.
     */
    public synchronized void capAtCurrentSize() {
        try {
            SqlitePageLimit.capAtCurrentSize(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot cap the database's size", e);
        }
    }

    /** Lifts what {@link #capAtCurrentSize()} set: the disk has room again. */
    public synchronized void liftSizeCap() {
        try {
            SqlitePageLimit.lift(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot lift the database's size cap", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the store", e);
        }
    }

    private void apply(StoreChange change) throws SQLException {
        if (change instanceof StoreChange.PutKey put) {
            putKey(put.key());
        } else if (change instanceof StoreChange.KeySnapshot snapshot) {
            deleteKey(snapshot.key().reference());
            putKey(snapshot.key());
            for (WrappedMaterial material : snapshot.materials()) {
                writeMaterial("INSERT", material);
            }
            for (dev.meridian.model.Grant grant : snapshot.grants()) {
                GrantRows.putGrant(connection, grant);
            }
        } else if (change instanceof StoreChange.DeleteKey delete) {
            deleteKey(delete.key());
            KeyUsageRows.deleteKey(connection, delete.key());
        } else if (change instanceof StoreChange.PutMaterial put) {
            writeMaterial("INSERT", put.material());
        } else if (change instanceof StoreChange.ReplaceMaterial replace) {
            writeMaterial("INSERT OR REPLACE", replace.material());
        } else if (change instanceof StoreChange.DeleteMaterial delete) {
            KeyReference key = delete.key();
            update("DELETE FROM key_materials WHERE account = ? AND region = ? AND key_id = ? AND version = ?",
                    key.account().value(), key.region().name(), key.keyId().value(), delete.version());
        } else if (change instanceof StoreChange.PutAlias put) {
            putAlias(put.alias());
        } else {
            applyOther(change);
        }
    }

    /** Removes a key's rows but its last use (a snapshot keeps it; {@link StoreChange.DeleteKey} removes it too). */
    private void deleteKey(KeyReference key) throws SQLException {
        for (String table : List.of("keys", "key_tags", "key_materials")) {
            update("DELETE FROM " + table + " WHERE account = ? AND region = ? AND key_id = ?",
                    key.account().value(), key.region().name(), key.keyId().value());
        }
        GrantRows.deleteKey(connection, key);
    }

    private void putAlias(Alias alias) throws SQLException {
        update("INSERT OR REPLACE INTO aliases (account, region, alias_name, key_id, creation_date, last_updated_date)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                alias.account().value(), alias.region().name(), alias.name(), alias.targetKeyId().value(),
                alias.creationDate().toEpochMilli(), alias.lastUpdatedDate().toEpochMilli());
    }

    private void applyOther(StoreChange change) throws SQLException {
        if (change instanceof StoreChange.DeleteAlias delete) {
            update("DELETE FROM aliases WHERE account = ? AND region = ? AND alias_name = ?",
                    delete.account().value(), delete.region().name(), delete.name());
        } else if (change instanceof StoreChange.PutEvent put) {
            ReplicationEvent event = put.event();
            KeyReference key = event.key();
            update("INSERT INTO replication_events (sequence, account, region, key_id, type, due_at, argument)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    event.sequence(), key.account().value(), key.region().name(), key.keyId().value(),
                    event.type().name(), event.dueAt().toEpochMilli(),
                    event.argument() == null ? null : event.argument().name());
        } else if (change instanceof StoreChange.DeleteEvent delete) {
            update("DELETE FROM replication_events WHERE sequence = ?", delete.sequence());
        } else if (change instanceof StoreChange.PutGrant put) {
            GrantRows.putGrant(connection, put.grant());
        } else if (change instanceof StoreChange.DeleteGrant delete) {
            GrantRows.deleteGrant(connection, delete.key(), delete.grantId());
        } else if (change instanceof StoreChange.PutKeyLastUsage put) {
            KeyUsageRows.putLastUsage(connection, put.usage());
        } else if (change instanceof StoreChange.DeleteEverything) {
            for (String table : List.of("key_tags", "key_materials", "grants", "key_last_usage", "aliases",
                    "replication_events", "keys")) {
                update("DELETE FROM " + table);
            }
        } else {
            throw new IllegalArgumentException("Unknown change " + change.getClass());
        }
    }

    private void putKey(KeyRecord key) throws SQLException {
        KeyReference reference = key.reference();
        update("INSERT OR REPLACE INTO keys (account, region, key_id, description, policy, state, creation_date,"
                        + " deletion_date, pending_window_days, origin, key_spec, key_usage, primary_region,"
                        + " current_material_version, rotation_enabled, rotation_period_days, next_rotation_date,"
                        + " on_demand_rotation_start, key_manager)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                reference.account().value(), reference.region().name(), reference.keyId().value(),
                key.description(), key.policy(), key.state().name(), key.creationDate().toEpochMilli(),
                key.deletionDate() == null ? null : key.deletionDate().toEpochMilli(),
                key.pendingDeletionWindowInDays(), key.origin().name(), key.keySpec().name(),
                key.keyUsage().name(), key.primaryRegion() == null ? null : key.primaryRegion().name(),
                key.currentMaterialVersion(), key.rotationEnabled() ? 1 : 0, key.rotationPeriodInDays(),
                millisOrNull(key.nextRotationDate()), millisOrNull(key.onDemandRotationStartDate()),
                key.keyManager().name());
        update("DELETE FROM key_tags WHERE account = ? AND region = ? AND key_id = ?",
                reference.account().value(), reference.region().name(), reference.keyId().value());
        int position = 0;
        for (Tag tag : key.tags()) {
            update("INSERT INTO key_tags (account, region, key_id, position, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)",
                    reference.account().value(), reference.region().name(), reference.keyId().value(), position++,
                    tag.key(), tag.value());
        }
    }

    private void writeMaterial(String insert, WrappedMaterial material) throws SQLException {
        KeyReference key = material.key();
        MaterialInfo info = material.info();
        update(insert + " INTO key_materials (account, region, key_id, version, wrapped, key_material_id, created_at,"
                        + " rotation_type, description, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key.account().value(), key.region().name(), key.keyId().value(), material.version(),
                material.wrapped(), info.keyMaterialId(), info.createdAt().toEpochMilli(),
                info.rotationType() == null ? null : info.rotationType().name(), info.description(),
                info.validTo() == null ? null : info.validTo().toEpochMilli());
    }

    private void update(String sql, Object... parameters) throws SQLException {
        SqlStatements.update(connection, sql, parameters);
    }

    private List<KeyRecord> loadKeys() throws SQLException {
        Map<KeyReference, List<Tag>> tags = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT account, region, key_id, tag_key, tag_value FROM key_tags ORDER BY account, region, key_id, position");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tags.computeIfAbsent(SqlStatements.reference(rows), ignored -> new ArrayList<>())
                        .add(new Tag(rows.getString("tag_key"), rows.getString("tag_value")));
            }
        }
        List<KeyRecord> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM keys");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                KeyReference reference = SqlStatements.reference(rows);
                String primaryRegion = rows.getString("primary_region");
                keys.add(KeyRecord.builder()
                        .reference(reference)
                        .description(rows.getString("description"))
                        .policy(rows.getString("policy"))
                        .state(KeyState.valueOf(rows.getString("state")))
                        .creationDate(Instant.ofEpochMilli(rows.getLong("creation_date")))
                        .deletionDate(instantOrNull(rows, "deletion_date"))
                        .pendingDeletionWindowInDays(integerOrNull(rows, "pending_window_days"))
                        .origin(KeyOrigin.valueOf(rows.getString("origin")))
                        .keySpec(KeySpec.valueOf(rows.getString("key_spec")))
                        .keyUsage(KeyUsage.valueOf(rows.getString("key_usage")))
                        .primaryRegion(primaryRegion == null ? null : Region.of(primaryRegion))
                        .tags(tags.getOrDefault(reference, List.of()))
                        .currentMaterialVersion(rows.getInt("current_material_version"))
                        .rotationEnabled(rows.getInt("rotation_enabled") == 1)
                        .rotationPeriodInDays(integerOrNull(rows, "rotation_period_days"))
                        .nextRotationDate(instantOrNull(rows, "next_rotation_date"))
                        .onDemandRotationStartDate(instantOrNull(rows, "on_demand_rotation_start"))
                        .keyManager(KeyManager.valueOf(rows.getString("key_manager")))
                        .build());
            }
        }
        return keys;
    }

    private List<WrappedMaterial> loadMaterials() throws SQLException {
        List<WrappedMaterial> materials = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM key_materials");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String keyMaterialId = rows.getString("key_material_id");
                String rotationType = rows.getString("rotation_type");
                MaterialInfo info = new MaterialInfo(keyMaterialId.isEmpty() ? MaterialInfo.UNKNOWN_ID : keyMaterialId,
                        Instant.ofEpochMilli(rows.getLong("created_at")),
                        rotationType == null ? null : MaterialInfo.RotationType.valueOf(rotationType),
                        rows.getString("description"), instantOrNull(rows, "valid_to"));
                materials.add(new WrappedMaterial(SqlStatements.reference(rows), rows.getInt("version"), rows.getBytes("wrapped"), info));
            }
        }
        return materials;
    }

    private List<Alias> loadAliases() throws SQLException {
        List<Alias> aliases = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM aliases");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                aliases.add(new Alias(AccountId.of(rows.getString("account")), Region.of(rows.getString("region")),
                        rows.getString("alias_name"), new KeyId(rows.getString("key_id")),
                        Instant.ofEpochMilli(rows.getLong("creation_date")),
                        Instant.ofEpochMilli(rows.getLong("last_updated_date"))));
            }
        }
        return aliases;
    }

    private List<ReplicationEvent> loadEvents() throws SQLException {
        List<ReplicationEvent> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM replication_events ORDER BY sequence");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String argument = rows.getString("argument");
                events.add(new ReplicationEvent(rows.getLong("sequence"), SqlStatements.reference(rows),
                        ReplicationEvent.Type.valueOf(rows.getString("type")),
                        Instant.ofEpochMilli(rows.getLong("due_at")), argument == null ? null : Region.of(argument)));
            }
        }
        return events;
    }

    private static Instant instantOrNull(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static Long millisOrNull(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Integer integerOrNull(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }
}
