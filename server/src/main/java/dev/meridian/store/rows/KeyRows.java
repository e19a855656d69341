package dev.meridian.store.rows;

import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.MaterialInfo;
import dev.meridian.model.Region;
import dev.meridian.model.Tag;
import dev.meridian.model.WrappedMaterial;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of key records ({@code keys}, {@code key_tags}) and of their material versions ({@code key_materials}),
 * the same in both stores. Times are milliseconds since the epoch. A load takes a {@code condition}: a {@code WHERE}
 * clause over the columns {@code account, region, key_id} (or empty for every row) with its parameters.
 */
public final class KeyRows {
    private static final String PUT_KEY = SqlStatements.upsert("keys", List.of("account", "region", "key_id",
            "description", "policy", "state", "creation_date", "deletion_date", "pending_window_days", "origin", "key_spec",
            "key_usage", "primary_region", "current_material_version", "rotation_enabled", "rotation_period_days",
            "next_rotation_date", "on_demand_rotation_start", "key_manager"), 3);
    private static final List<String> MATERIAL_COLUMNS = List.of("account", "region", "key_id", "version", "wrapped",
            "key_material_id", "created_at", "rotation_type", "description", "valid_to");
    private static final String INSERT_MATERIAL = "INSERT INTO key_materials (" + String.join(", ", MATERIAL_COLUMNS)
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String REPLACE_MATERIAL = SqlStatements.upsert("key_materials", MATERIAL_COLUMNS, 4);

    private KeyRows() {
    }

    /** Inserts or replaces a key record with its tags. */
    public static void putKey(Connection connection, KeyRecord key) throws SQLException {
        KeyReference reference = key.reference();
        SqlStatements.update(connection, PUT_KEY,
                reference.account().value(), reference.region().name(), reference.keyId().value(),
                key.description(), key.policy(), key.state().name(), key.creationDate().toEpochMilli(),
                millisOrNull(key.deletionDate()), key.pendingDeletionWindowInDays(), key.origin().name(),
                key.keySpec().name(), key.keyUsage().name(), key.primaryRegion() == null ? null : key.primaryRegion().name(),
                key.currentMaterialVersion(), key.rotationEnabled() ? 1 : 0, key.rotationPeriodInDays(),
                millisOrNull(key.nextRotationDate()), millisOrNull(key.onDemandRotationStartDate()),
                key.keyManager().name());
        SqlStatements.update(connection, "DELETE FROM key_tags WHERE account = ? AND region = ? AND key_id = ?",
                SqlStatements.keyParameters(reference));
        int position = 0;
        for (Tag tag : key.tags()) {
            SqlStatements.update(connection, "INSERT INTO key_tags (account, region, key_id, position, tag_key, tag_value)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    reference.account().value(), reference.region().name(), reference.keyId().value(), position++,
                    tag.key(), tag.value());
        }
    }

    /** Removes a key's record, tags and material versions (not its grants nor its last use). */
    public static void deleteKey(Connection connection, KeyReference key) throws SQLException {
        for (String table : List.of("keys", "key_tags", "key_materials")) {
            SqlStatements.update(connection, "DELETE FROM " + table + " WHERE account = ? AND region = ? AND key_id = ?",
                    SqlStatements.keyParameters(key));
        }
    }

    /** Adds a material version; fails when the key has this version already. */
    public static void insertMaterial(Connection connection, WrappedMaterial material) throws SQLException {
        SqlStatements.update(connection, INSERT_MATERIAL, materialParameters(material));
    }

    /** Inserts the material version, or replaces the one with the same key and version. */
    public static void replaceMaterial(Connection connection, WrappedMaterial material) throws SQLException {
        SqlStatements.update(connection, REPLACE_MATERIAL, materialParameters(material));
    }

    public static void deleteMaterial(Connection connection, KeyReference key, int version) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM key_materials WHERE account = ? AND region = ? AND key_id = ?"
                + " AND version = ?", key.account().value(), key.region().name(), key.keyId().value(), version);
    }

    private static Object[] materialParameters(WrappedMaterial material) {
        KeyReference key = material.key();
        MaterialInfo info = material.info();
        return new Object[] {key.account().value(), key.region().name(), key.keyId().value(), material.version(),
            material.wrapped(), info.keyMaterialId(), info.createdAt().toEpochMilli(),
            info.rotationType() == null ? null : info.rotationType().name(), info.description(),
            millisOrNull(info.validTo())};
    }

    /** The key records (with their tags, in their order) that {@code condition} selects. */
    public static List<KeyRecord> loadKeys(Connection connection, String condition, Object... parameters)
            throws SQLException {
        Map<KeyReference, List<Tag>> tags = new HashMap<>();
        for (ResultTag tag : SqlStatements.query(connection, "SELECT account, region, key_id, tag_key, tag_value FROM key_tags"
                + condition + " ORDER BY account, region, key_id, position", rows -> new ResultTag(
                        SqlStatements.reference(rows), new Tag(rows.getString("tag_key"), rows.getString("tag_value"))),
                parameters)) {
            tags.computeIfAbsent(tag.key(), ignored -> new ArrayList<>()).add(tag.tag());
        }
        return SqlStatements.query(connection, "SELECT * FROM keys" + condition, rows -> {
            KeyReference reference = SqlStatements.reference(rows);
            String primaryRegion = rows.getString("primary_region");
            return KeyRecord.builder()
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
                    .build();
        }, parameters);
    }

    /** The material versions that {@code condition} selects. */
    public static List<WrappedMaterial> loadMaterials(Connection connection, String condition, Object... parameters)
            throws SQLException {
        return SqlStatements.query(connection, "SELECT * FROM key_materials" + condition, rows -> {
            String keyMaterialId = rows.getString("key_material_id");
            String rotationType = rows.getString("rotation_type");
            MaterialInfo info = new MaterialInfo(keyMaterialId.isEmpty() ? MaterialInfo.UNKNOWN_ID : keyMaterialId,
                    Instant.ofEpochMilli(rows.getLong("created_at")),
                    rotationType == null ? null : MaterialInfo.RotationType.valueOf(rotationType),
                    rows.getString("description"), instantOrNull(rows, "valid_to"));
            return new WrappedMaterial(SqlStatements.reference(rows), rows.getInt("version"), rows.getBytes("wrapped"), info);
        }, parameters);
    }

    private record ResultTag(KeyReference key, Tag tag) {
    }

    static Instant instantOrNull(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Long millisOrNull(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Integer integerOrNull(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }
}
