package dev.meridian.audit.sqlite;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.AuditStore;
import dev.meridian.audit.CloudTrailRecordFormat;
import dev.meridian.audit.StoredAuditRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit records in their own SQLite database ({@code data/audit.db}), apart from the key store so that
 * neither's schema or load touches the other. WAL journal with {@code synchronous=FULL}: a stored batch
 * survives a crash. One connection for the writer thread, one (used under a lock) for lookups; WAL lets
 * them run side by side. Schema versions are {@code V<n>__*.sql} resources, tracked in
 * {@code PRAGMA user_version}.
 */
public final class SqliteAuditStore implements AuditStore {
    private static final List<String> MIGRATIONS = List.of("V1__audit_events.sql");
    private static final String INSERT = "INSERT INTO audit_events (account, region, event_time, event_id, event_name,"
            + " read_only, user_name, access_key_id, resources, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private final Connection writer;
    private final Connection reader;
    private final PreparedStatement insert;

    private SqliteAuditStore(Connection writer, Connection reader) throws SQLException {
        this.writer = writer;
        this.reader = reader;
        this.insert = writer.prepareStatement(INSERT);
    }

    /** Opens (creating if needed) the audit database and brings its schema up to date. */
    public static SqliteAuditStore open(Path databaseFile) {
        String url = "jdbc:sqlite:" + databaseFile.toAbsolutePath();
        try {
            Connection writer = DriverManager.getConnection(url);
            try (Statement statement = writer.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            migrate(writer);
            Connection reader = DriverManager.getConnection(url);
            try (Statement statement = reader.createStatement()) {
                statement.execute("PRAGMA busy_timeout=5000");
            }
            return new SqliteAuditStore(writer, reader);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the audit database " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection connection) throws SQLException {
        int current;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            current = rows.next() ? rows.getInt(1) : 0;
        }
        if (current > MIGRATIONS.size()) {
            throw new SQLException("The audit database has schema version " + current + ", newer than this Meridian ("
                    + MIGRATIONS.size() + ")");
        }
        for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : read(MIGRATIONS.get(version - 1)).split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
                statement.execute("PRAGMA user_version = " + version);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static String read(String resource) {
        try (InputStream input = SqliteAuditStore.class.getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalStateException("Missing audit migration " + resource);
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(input.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.stripLeading().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            return sql.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void append(List<AuditEvent> events) {
        try {
            writer.setAutoCommit(false);
            try {
                for (AuditEvent event : events) {
                    insert.setString(1, event.accountId() == null ? "" : event.accountId());
                    insert.setString(2, event.awsRegion());
                    insert.setLong(3, event.eventTime().toEpochMilli());
                    insert.setString(4, event.eventId());
                    insert.setString(5, event.eventName());
                    insert.setInt(6, event.readOnly() ? 1 : 0);
                    insert.setString(7, event.userIdentity().userName());
                    insert.setString(8, event.userIdentity().accessKeyId());
                    insert.setString(9, resources(event.resources()));
                    insert.setBytes(10, CloudTrailRecordFormat.toJsonBytes(event));
                    insert.addBatch();
                }
                insert.executeBatch();
                writer.commit();
            } catch (SQLException | RuntimeException e) {
                insert.clearBatch();
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store audit records: " + e.getMessage(), e);
        }
    }

    private static String resources(List<AuditResource> resources) {
        StringBuilder column = new StringBuilder("\n");
        for (AuditResource resource : resources) {
            column.append(resource.type()).append('|').append(resource.arn()).append('\n');
        }
        return column.toString();
    }

    private static List<AuditResource> resources(String column, String accountFallback) {
        List<AuditResource> resources = new ArrayList<>(2);
        for (String line : column.split("\n")) {
            int bar = line.indexOf('|');
            if (bar > 0) {
                String arn = line.substring(bar + 1);
                String[] parts = arn.split(":", 6);
                resources.add(new AuditResource(arn, parts.length > 4 ? parts[4] : accountFallback, line.substring(0, bar)));
            }
        }
        return resources;
    }

    @Override
    public AuditPage lookup(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT sequence, event_time, event_id, event_name, read_only, user_name,"
                + " access_key_id, resources, record FROM audit_events WHERE account = ? AND region = ?");
        List<Object> arguments = new ArrayList<>(List.of(query.accountId(), query.region()));
        if (query.startTime() != null) {
            sql.append(" AND event_time >= ?");
            arguments.add(query.startTime().toEpochMilli());
        }
        if (query.endTime() != null) {
            sql.append(" AND event_time <= ?");
            arguments.add(query.endTime().toEpochMilli());
        }
        if (query.after() != null) {
            sql.append(" AND (event_time < ? OR (event_time = ? AND sequence < ?))");
            long time = query.after().eventTime().toEpochMilli();
            arguments.add(time);
            arguments.add(time);
            arguments.add(query.after().sequence());
        }
        if (query.attribute() != null && !attributeCondition(query.attribute(), sql, arguments)) {
            return new AuditPage(List.of(), null);
        }
        sql.append(" ORDER BY event_time DESC, sequence DESC LIMIT ?");
        arguments.add(query.maxResults() + 1);
        synchronized (reader) {
            try (PreparedStatement statement = reader.prepareStatement(sql.toString())) {
                for (int index = 0; index < arguments.size(); index++) {
                    statement.setObject(index + 1, arguments.get(index));
                }
                List<StoredAuditRecord> records = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        AuditPosition position = new AuditPosition(Instant.ofEpochMilli(rows.getLong(2)), rows.getLong(1));
                        records.add(new StoredAuditRecord(position, rows.getString(3), rows.getString(4), rows.getInt(5) == 1,
                                rows.getString(7), rows.getString(6), resources(rows.getString(8), query.accountId()),
                                new String(rows.getBytes(9), StandardCharsets.UTF_8)));
                    }
                }
                if (records.size() > query.maxResults()) {
                    records = records.subList(0, query.maxResults());
                    return new AuditPage(records, records.get(records.size() - 1).position());
                }
                return new AuditPage(records, null);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read audit records: " + e.getMessage(), e);
            }
        }
    }

    /** Adds the attribute's condition; false when no record can match (the value cannot occur). */
    private static boolean attributeCondition(AuditQuery.Attribute attribute, StringBuilder sql, List<Object> arguments) {
        String value = attribute.value();
        switch (attribute.key()) {
            case EventId -> sql.append(" AND event_id = ?");
            case EventName -> sql.append(" AND event_name = ?");
            case Username -> sql.append(" AND user_name = ?");
            case AccessKeyId -> sql.append(" AND access_key_id = ?");
            case ReadOnly -> {
                if (!value.equals("true") && !value.equals("false")) {
                    return false;
                }
                sql.append(" AND read_only = ?");
                arguments.add(value.equals("true") ? 1 : 0);
                return true;
            }
            case EventSource -> {
                return AuditEvent.EVENT_SOURCE.equals(value);
            }
            case ResourceName -> {
                if (value.contains("|") || value.contains("\n")) {
                    return false;
                }
                sql.append(" AND instr(resources, '|' || ? || char(10)) > 0");
            }
            case ResourceType -> {
                if (value.contains("|") || value.contains("\n")) {
                    return false;
                }
                sql.append(" AND instr(resources, char(10) || ? || '|') > 0");
            }
            default -> throw new IllegalArgumentException("Unknown attribute " + attribute.key());
        }
        arguments.add(value);
        return true;
    }

    @Override
    public void close() {
        try {
            insert.close();
            writer.close();
            reader.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close the audit database: " + e.getMessage(), e);
        }
    }
}
