package dev.meridian.store.sqlite;

import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the last use of each key ({@code key_last_usage}, schema version 3; request and event IDs
 * since version 4). Used by {@link SqliteStore} inside its transactions.
 */
final class KeyUsageRows {
    private KeyUsageRows() {
    }

    /** Records a key's last use, only while the key exists (a key deleted meanwhile keeps no row). */
    static void putLastUsage(Connection connection, KeyLastUsage usage) throws SQLException {
        KeyReference key = usage.key();
        SqlStatements.update(connection, "INSERT OR REPLACE INTO key_last_usage (account, region, key_id, operation, used_at,"
                        + " request_id, cloudtrail_event_id) SELECT ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE EXISTS (SELECT 1 FROM keys WHERE account = ? AND region = ? AND key_id = ?)",
                key.account().value(), key.region().name(), key.keyId().value(), usage.operation(),
                usage.timestamp().toEpochMilli(), usage.requestId(), usage.cloudTrailEventId(),
                key.account().value(), key.region().name(), key.keyId().value());
    }

    /** Removes the last use of a deleted key. */
    static void deleteKey(Connection connection, KeyReference key) throws SQLException {
        SqlStatements.update(connection, "DELETE FROM key_last_usage WHERE account = ? AND region = ? AND key_id = ?",
                key.account().value(), key.region().name(), key.keyId().value());
    }

    static List<KeyLastUsage> loadLastUsages(Connection connection) throws SQLException {
        List<KeyLastUsage> usages = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM key_last_usage");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                usages.add(new KeyLastUsage(SqlStatements.reference(rows), rows.getString("operation"),
                        Instant.ofEpochMilli(rows.getLong("used_at")), rows.getString("request_id"),
                        rows.getString("cloudtrail_event_id")));
            }
        }
        return usages;
    }
}
