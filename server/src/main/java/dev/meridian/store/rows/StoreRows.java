package dev.meridian.store.rows;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreContents;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link StoreChange} does to the rows, and the rows read back as a store's contents: one implementation for
 * the embedded store (SQLite) and the PostgreSQL store, whose tables have the same names and columns. Every method
 * runs inside the caller's transaction.
 */
public final class StoreRows {
    /** The tables {@link StoreChange.DeleteEverything} empties, children first. */
    private static final List<String> ALL_TABLES = List.of("key_tags", "key_materials", "grants", "key_last_usage",
            "aliases", "replication_events", "keys");
    private static final String PUT_ALIAS = SqlStatements.upsert("aliases", List.of("account", "region", "alias_name",
            "key_id", "creation_date", "last_updated_date"), 3);

    private StoreRows() {
    }

    /** Applies one change of a batch, as its contract says. */
    public static void apply(Connection connection, StoreChange change) throws SQLException {
        if (change instanceof StoreChange.PutKey put) {
            KeyRows.putKey(connection, put.key());
        } else if (change instanceof StoreChange.KeySnapshot snapshot) {
            KeyRows.deleteKey(connection, snapshot.key().reference());
            GrantRows.deleteKey(connection, snapshot.key().reference());
            KeyRows.putKey(connection, snapshot.key());
            for (WrappedMaterial material : snapshot.materials()) {
                KeyRows.insertMaterial(connection, material);
            }
            for (Grant grant : snapshot.grants()) {
                GrantRows.putGrant(connection, grant);
            }
        } else if (change instanceof StoreChange.DeleteKey delete) {
            KeyRows.deleteKey(connection, delete.key());
            GrantRows.deleteKey(connection, delete.key());
            KeyUsageRows.deleteKey(connection, delete.key());
        } else if (change instanceof StoreChange.PutMaterial put) {
            KeyRows.insertMaterial(connection, put.material());
        } else if (change instanceof StoreChange.ReplaceMaterial replace) {
            KeyRows.replaceMaterial(connection, replace.material());
        } else if (change instanceof StoreChange.DeleteMaterial delete) {
            KeyRows.deleteMaterial(connection, delete.key(), delete.version());
        } else if (change instanceof StoreChange.PutAlias put) {
            Alias alias = put.alias();
            SqlStatements.update(connection, PUT_ALIAS, alias.account().value(), alias.region().name(), alias.name(),
                    alias.targetKeyId().value(), alias.creationDate().toEpochMilli(), alias.lastUpdatedDate().toEpochMilli());
        } else if (change instanceof StoreChange.DeleteAlias delete) {
            SqlStatements.update(connection, "DELETE FROM aliases WHERE account = ? AND region = ? AND alias_name = ?",
                    delete.account().value(), delete.region().name(), delete.name());
        } else {
            applyOther(connection, change);
        }
    }

    private static void applyOther(Connection connection, StoreChange change) throws SQLException {
        if (change instanceof StoreChange.PutEvent put) {
            ReplicationEvent event = put.event();
            KeyReference key = event.key();
            SqlStatements.update(connection, "INSERT INTO replication_events (sequence, account, region, key_id, type,"
                            + " due_at, argument) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    event.sequence(), key.account().value(), key.region().name(), key.keyId().value(),
                    event.type().name(), event.dueAt().toEpochMilli(),
                    event.argument() == null ? null : event.argument().name());
        } else if (change instanceof StoreChange.DeleteEvent delete) {
            SqlStatements.update(connection, "DELETE FROM replication_events WHERE sequence = ?", delete.sequence());
        } else if (change instanceof StoreChange.PutGrant put) {
            GrantRows.putGrant(connection, put.grant());
        } else if (change instanceof StoreChange.DeleteGrant delete) {
            GrantRows.deleteGrant(connection, delete.key(), delete.grantId());
        } else if (change instanceof StoreChange.PutKeyLastUsage put) {
            KeyUsageRows.putLastUsage(connection, put.usage());
        } else if (change instanceof StoreChange.DeleteEverything) {
            for (String table : ALL_TABLES) {
                SqlStatements.update(connection, "DELETE FROM " + table);
            }
        } else {
            throw new IllegalArgumentException("Unknown change " + change.getClass());
        }
    }

    /** Every row, as the contents at {@code position}. */
    public static StoreContents load(Connection connection, long position) throws SQLException {
        return new StoreContents(position, KeyRows.loadKeys(connection, ""), KeyRows.loadMaterials(connection, ""),
                loadAliases(connection, ""), loadEvents(connection, ""), GrantRows.loadGrants(connection),
                KeyUsageRows.loadLastUsages(connection));
    }

    /** The aliases {@code condition} selects (a {@code WHERE} clause over their columns, or empty). */
    public static List<Alias> loadAliases(Connection connection, String condition, Object... parameters)
            throws SQLException {
        return SqlStatements.query(connection, "SELECT * FROM aliases" + condition, rows -> new Alias(
                AccountId.of(rows.getString("account")), Region.of(rows.getString("region")),
                rows.getString("alias_name"), new KeyId(rows.getString("key_id")),
                Instant.ofEpochMilli(rows.getLong("creation_date")),
                Instant.ofEpochMilli(rows.getLong("last_updated_date"))), parameters);
    }

    /** The replication events {@code condition} selects, in sequence order. */
    public static List<ReplicationEvent> loadEvents(Connection connection, String condition, Object... parameters)
            throws SQLException {
        return SqlStatements.query(connection, "SELECT * FROM replication_events" + condition + " ORDER BY sequence",
                rows -> {
                    String argument = rows.getString("argument");
                    return new ReplicationEvent(rows.getLong("sequence"), SqlStatements.reference(rows),
                            ReplicationEvent.Type.valueOf(rows.getString("type")),
                            Instant.ofEpochMilli(rows.getLong("due_at")), argument == null ? null : Region.of(argument));
                }, parameters);
    }
}
