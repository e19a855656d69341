package dev.meridian.store.rows;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The statement helpers the stores' row classes share; the SQL they build runs on SQLite and PostgreSQL alike. */
public final class SqlStatements {
    private SqlStatements() {
    }

    /** Reads one row of a result into a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Runs one update with its parameters in order; a null parameter is SQL NULL. */
    public static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    /** Runs one query with its parameters in order and reads every row. */
    public static <T> List<T> query(Connection connection, String sql, RowReader<T> reader, Object... parameters)
            throws SQLException {
        List<T> result = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                result.add(reader.read(rows));
            }
        }
        return result;
    }

    /** Runs a query of one row and one {@code BIGINT} column. */
    public static long queryLong(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * An insert of {@code columns} into {@code table} that replaces the row with the same values of the first
     * {@code keyColumns} columns ({@code INSERT ... ON CONFLICT ... DO UPDATE}, the same in SQLite and PostgreSQL).
     */
    public static String upsert(String table, List<String> columns, int keyColumns) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") VALUES (")
                .append(String.join(", ", java.util.Collections.nCopies(columns.size(), "?")))
                .append(") ON CONFLICT (").append(String.join(", ", columns.subList(0, keyColumns))).append(")");
        if (keyColumns == columns.size()) {
            return sql.append(" DO NOTHING").toString();
        }
        sql.append(" DO UPDATE SET ");
        for (int i = keyColumns; i < columns.size(); i++) {
            sql.append(i == keyColumns ? "" : ", ").append(columns.get(i)).append(" = excluded.").append(columns.get(i));
        }
        return sql.toString();
    }

    /** The key a row names in its {@code account}, {@code region} and {@code key_id} columns. */
    public static KeyReference reference(ResultSet rows) throws SQLException {
        return new KeyReference(AccountId.of(rows.getString("account")), Region.of(rows.getString("region")),
                new KeyId(rows.getString("key_id")));
    }

    /** The parameters naming a key, in the order of the columns {@code account, region, key_id}. */
    public static Object[] keyParameters(KeyReference key) {
        return new Object[] {key.account().value(), key.region().name(), key.keyId().value()};
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
