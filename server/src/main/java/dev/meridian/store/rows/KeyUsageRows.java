package dev.meridian.store.rows;

import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The rows of the last use of each key ({@code key_last_usage}: SQLite schema version 3, request and event IDs since
 * version 4; PostgreSQL version 1). Used by both stores inside their transactions.
 */
public final class KeyUsageRows {
    private KeyUsageRows() {
    }

    /** Records a key's last use, only while the key exists (a key deleted meanwhile keeps no row). */
    public static void putLastUsage(Connection connection, KeyLastUsage usage) throws SQLException {
        KeyReference key = usage.key();
        SqlStatements.update(connection, "INSERT INTO key_last_usage (account, region, key_id, operation, used_at,"
                        + " request_id, cloudtrail_event_id) SELECT ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE EXISTS (SELECT 1 FROM keys WHERE account = ? AND region = ? AND key_id = ?)"
                        + " ON CONFLICT (account, region, key_id) DO UPDATE SET operation = excluded.operation,"
                        + " used_at = excluded.used_at, request_id = excluded.request_id,"
                        + " cloudtrail_event_id = excluded.cloudtrail_event_id",
                key.account().value(), key.region().name(), key.keyId().value(), usage.operation(),
                usage.timestamp().toEpochMilli(), usage.requestId(), usage.cloudTrailEventId(),
                key.account().value(), key.region().name(), key.keyId().value());
    }

    /** Removes the last use of a deleted key. */
    public static void deleteKey(Connection connection, KeyReference key) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM key_last_usage WHERE account = ? AND region = ? AND key_id = ?",
                key.account().value(), key.region().name(), key.keyId().value());
    }

    public static List<KeyLastUsage> loadLastUsages(Connection connection) throws SQLException {
        return SqlStatements.query(connection, "SELECT * FROM key_last_usage", rows -> new KeyLastUsage(
                SqlStatements.reference(rows), rows.getString("operation"), Instant.ofEpochMilli(rows.getLong("used_at")),
                rows.getString("request_id"), rows.getString("cloudtrail_event_id")));
    }
}
