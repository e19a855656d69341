package dev.meridian.store.sqlite;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** The statement helpers the store's row classes share. */
final class SqlStatements {
    private SqlStatements() {
    }

    /** Runs one update with its parameters in order; a null parameter is SQL NULL. */
    static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            statement.executeUpdate();
        }
    }

    /** The key a row names in its {@code account}, {@code region} and {@code key_id} columns. */
    static KeyReference reference(ResultSet rows) throws SQLException {
        return new KeyReference(AccountId.of(rows.getString("account")), Region.of(rows.getString("region")),
                new KeyId(rows.getString("key_id")));
    }
}
