package dev.meridian.audit.sqlite;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.AuditStore;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.sqlite.SqliteMigrations;
import dev.meridian.sqlite.SqliteNativeLibrary;
import dev.meridian.sqlite.SqlitePageLimit;
import dev.meridian.jdbc.Transactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audit records in their own SQLite database ({@code data/audit.db}), apart from the key store so that
 * neither's schema or load touches the other. WAL journal with {@code synchronous=FULL}: a stored batch
 * survives a crash. One connection for the writer thread, one (used under a lock) for lookups; WAL lets
 * them run side by side. Schema versions are {@code V<n>__*.sql} resources, tracked in
 * {@code PRAGMA user_version}.
 *
 * <p><b>Bounded by size</b> when opened with a bound: {@link AuditSpace} says how.
 */
public final class SqliteAuditStore implements AuditStore {
    private static final List<String> MIGRATIONS = List.of("V1__audit_events.sql", "V2__audit_chunks.sql");
    private static final String INSERT = "INSERT INTO audit_chunks (account, region, first_time, last_time, record_count,"
            + " records) VALUES (?, ?, ?, ?, ?, ?)";
    /** A record's place in the newest-first order: its chunk's sequence, shifted, plus its index in the chunk. */
    private static final int INDEX_BITS = 24;
    /**
     * How many chunks one lookup reads at most (up to about half a million records). A lookup that matches
     * little, over a long history, then answers with what it found, possibly nothing, and a NextToken to go
     * on from there, as CloudTrail's own LookupEvents may: no single call holds the reader for long.
     */
    static final int CHUNKS_PER_LOOKUP = 256;
    private final Connection writer;
    private final Connection reader;
    private final int chunksPerLookup;
    private final AuditSpace space;

    private SqliteAuditStore(Connection writer, Connection reader, int chunksPerLookup, long maximumBytes)
            throws SQLException {
        this.writer = writer;
        this.reader = reader;
        this.chunksPerLookup = chunksPerLookup;
        this.space = new AuditSpace(writer, maximumBytes);
    }

    /** Opens (creating if needed) the audit database, without a size bound, and brings its schema up to date. */
    public static SqliteAuditStore open(Path databaseFile) {
        return open(databaseFile, 0);
    }

    /**
     * Opens (creating if needed) the audit database and brings its schema up to date; the records may take
     * at most {@code maximumBytes} (0: no bound), the oldest going first.
     */
    public static SqliteAuditStore open(Path databaseFile, long maximumBytes) {
        return open(databaseFile, maximumBytes, CHUNKS_PER_LOOKUP);
    }

    /** The same, reading at most {@code chunksPerLookup} chunks per lookup (tests use few). */
    static SqliteAuditStore open(Path databaseFile, long maximumBytes, int chunksPerLookup) {
        if (maximumBytes < 0) {
            throw new IllegalArgumentException("The audit size bound cannot be negative: " + maximumBytes);
        }
        SqliteNativeLibrary.load();
        String url = "jdbc:sqlite:" + databaseFile.toAbsolutePath();
        try {
            Connection writer = org.sqlite.JDBC.createConnection(url, new java.util.Properties());
            try (Statement statement = writer.createStatement()) {
                // Takes effect only in a database that has no table yet: a new one.
                statement.execute("PRAGMA auto_vacuum=INCREMENTAL");
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            migrate(writer);
            moveVersionOneRows(writer);
            Connection reader = org.sqlite.JDBC.createConnection(url, new java.util.Properties());
            try (Statement statement = reader.createStatement()) {
                statement.execute("PRAGMA busy_timeout=5000");
            }
            return new SqliteAuditStore(writer, reader, chunksPerLookup, maximumBytes);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the audit database " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection connection) throws SQLException {
        SqliteMigrations.apply(connection, SqliteAuditStore.class, MIGRATIONS, SqliteMigrations.USER_VERSION,
                "The audit database");
    }

    @Override
    public synchronized void append(List<AuditEvent> events) {
        Map<List<String>, List<AuditEvent>> byScope = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            String account = event.accountId() == null ? "" : event.accountId();
            byScope.computeIfAbsent(List.of(account, event.awsRegion()), ignored -> new ArrayList<>()).add(event);
        }
        long[] deleted = new long[1];
        try {
            Transactions.inTransaction(writer, () -> {
                // Prepared for each batch: the driver closes a statement whose transaction failed (SQLITE_FULL).
                try (PreparedStatement insert = writer.prepareStatement(INSERT)) {
                    for (Map.Entry<List<String>, List<AuditEvent>> scope : byScope.entrySet()) {
                        List<AuditEvent> chunk = scope.getValue();
                        insertChunk(insert, scope.getKey().get(0), scope.getKey().get(1),
                                chunk.stream().mapToLong(event -> event.eventTime().toEpochMilli()).min().orElseThrow(),
                                chunk.stream().mapToLong(event -> event.eventTime().toEpochMilli()).max().orElseThrow(),
                                chunk.size(), AuditChunk.encodeEvents(chunk));
                    }
                }
                deleted[0] = space.keepWithinBound(writer);
                space.releaseFreePages(writer);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store audit records: " + e.getMessage(), e);
        }
        space.logDeleted(deleted[0]);
    }

    /** What the records take in the database: its pages less the free ones (WAL frames included). */
    public long storedBytes() {
        synchronized (reader) {
            try {
                return space.usedBytes(reader);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot measure the audit database: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Makes the disk full for the writer (SQLite's {@code max_page_count} at the current size): appends that
     * need more space fail with SQLITE_FULL, as on a full disk, until {@link #liftSizeCap()}. For tests.
     */
    public synchronized void capAtCurrentSize() {
        try {
            SqlitePageLimit.capAtCurrentSize(writer);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot cap the audit database's size: " + e.getMessage(), e);
        }
    }

    /** Lifts what {@link #capAtCurrentSize()} set: the disk has room again. */
    public synchronized void liftSizeCap() {
        try {
            SqlitePageLimit.lift(writer);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot lift the audit database's size cap: " + e.getMessage(), e);
        }
    }

    private static void insertChunk(PreparedStatement insert, String account, String region, long firstTime,
            long lastTime, int count, byte[] records) throws SQLException {
        insert.setString(1, account);
        insert.setString(2, region);
        insert.setLong(3, firstTime);
        insert.setLong(4, lastTime);
        insert.setInt(5, count);
        insert.setBytes(6, records);
        insert.executeUpdate();
    }

    /**
     * Moves the rows of schema version 1 (one row per record) into chunks, in their order, and drops that
     * table: one transaction, done once.
     */
    private static void moveVersionOneRows(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, "audit_events", null)) {
            if (!tables.next()) {
                return;
            }
        }
        Transactions.inTransaction(connection, () -> {
            try (Statement statement = connection.createStatement();
                    PreparedStatement insertChunk = connection.prepareStatement(INSERT)) {
                Map<List<String>, List<AuditChunk.Entry>> byScope = new LinkedHashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT account, region, event_time, event_id, event_name,"
                        + " read_only, user_name, access_key_id, resources, record FROM audit_events ORDER BY sequence")) {
                    while (rows.next()) {
                        byScope.computeIfAbsent(List.of(rows.getString(1), rows.getString(2)), ignored -> new ArrayList<>())
                                .add(new AuditChunk.Entry(rows.getLong(3), rows.getString(4), rows.getString(5),
                                        rows.getInt(6) == 1, rows.getString(8), rows.getString(7), rows.getString(9),
                                        rows.getBytes(10), null));
                    }
                }
                for (Map.Entry<List<String>, List<AuditChunk.Entry>> scope : byScope.entrySet()) {
                    List<AuditChunk.Entry> entries = scope.getValue();
                    for (int from = 0; from < entries.size(); from += 2_000) {
                        List<AuditChunk.Entry> part = entries.subList(from, Math.min(entries.size(), from + 2_000));
                        insertChunk(insertChunk, scope.getKey().get(0), scope.getKey().get(1),
                                part.stream().mapToLong(AuditChunk.Entry::eventTimeMillis).min().orElseThrow(),
                                part.stream().mapToLong(AuditChunk.Entry::eventTimeMillis).max().orElseThrow(),
                                part.size(), AuditChunk.encodeJson(part));
                    }
                }
                statement.execute("DROP TABLE audit_events");
            }
        });
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

    /**
     * Reads chunks of the account and Region (every Region when the query names none) newest first, and their
     * records last first, keeping those in the time range that match the attribute, until a page and one more
     * are found.
     */
    @Override
    public AuditPage lookup(AuditQuery query) {
        if (query.attribute() != null && !canMatch(query.attribute())) {
            return new AuditPage(List.of(), null);
        }
        StringBuilder sql = new StringBuilder("SELECT sequence, records, last_time FROM audit_chunks WHERE account = ?");
        List<Object> arguments = new ArrayList<>(List.of(query.accountId()));
        if (query.region() != null) {
            sql.append(" AND region = ?");
            arguments.add(query.region());
        }
        if (query.startTime() != null) {
            sql.append(" AND last_time >= ?");
            arguments.add(query.startTime().toEpochMilli());
        }
        if (query.endTime() != null) {
            sql.append(" AND first_time <= ?");
            arguments.add(query.endTime().toEpochMilli());
        }
        if (query.after() != null) {
            // The chunk of the last position before the one to continue from: nothing newer is read again.
            sql.append(" AND sequence <= ?");
            arguments.add((query.after().sequence() - 1) >>> INDEX_BITS);
        }
        sql.append(" ORDER BY sequence DESC");
        List<StoredAuditRecord> records = new ArrayList<>();
        AuditPosition stoppedAt = null;
        synchronized (reader) {
            try (PreparedStatement statement = reader.prepareStatement(sql.toString())) {
                for (int index = 0; index < arguments.size(); index++) {
                    statement.setObject(index + 1, arguments.get(index));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    int chunksRead = 0;
                    while (records.size() <= query.maxResults() && rows.next()) {
                        if (chunksRead == chunksPerLookup) {
                            // Everything after the chunks read (all of them older) is for the next call.
                            stoppedAt = new AuditPosition(Instant.ofEpochMilli(rows.getLong(3)),
                                    (rows.getLong(1) + 1) << INDEX_BITS);
                            break;
                        }
                        collect(query, rows.getLong(1), AuditChunk.decode(rows.getBytes(2)), records);
                        chunksRead++;
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read audit records: " + e.getMessage(), e);
            }
        }
        if (records.size() > query.maxResults()) {
            records = records.subList(0, query.maxResults());
            return new AuditPage(records, records.get(records.size() - 1).position());
        }
        return new AuditPage(records, stoppedAt);
    }

    private static void collect(AuditQuery query, long chunk, List<AuditChunk.Entry> entries,
            List<StoredAuditRecord> records) {
        for (int index = entries.size() - 1; index >= 0 && records.size() <= query.maxResults(); index--) {
            long sequence = (chunk << INDEX_BITS) | index;
            AuditChunk.Entry entry = entries.get(index);
            if ((query.after() != null && sequence >= query.after().sequence())
                    || (query.startTime() != null && entry.eventTimeMillis() < query.startTime().toEpochMilli())
                    || (query.endTime() != null && entry.eventTimeMillis() > query.endTime().toEpochMilli())
                    || (query.attribute() != null && !matches(query.attribute(), entry))) {
                continue;
            }
            records.add(new StoredAuditRecord(new AuditPosition(Instant.ofEpochMilli(entry.eventTimeMillis()), sequence),
                    entry.eventId(), entry.eventName(), entry.readOnly(), entry.accessKeyId(), entry.userName(),
                    resources(entry.resources(), query.accountId()), new String(entry.json(), StandardCharsets.UTF_8)));
        }
    }

    /** False when no record can match the attribute (the value cannot occur). */
    private static boolean canMatch(AuditQuery.Attribute attribute) {
        String value = attribute.value();
        return switch (attribute.key()) {
            case ReadOnly -> value.equals("true") || value.equals("false");
            case EventSource -> AuditEvent.EVENT_SOURCE.equals(value);
            case ResourceName, ResourceType -> !value.contains("|") && !value.contains("\n");
            default -> true;
        };
    }

    private static boolean matches(AuditQuery.Attribute attribute, AuditChunk.Entry entry) {
        String value = attribute.value();
        return switch (attribute.key()) {
            case EventId -> value.equals(entry.eventId());
            case EventName -> value.equals(entry.eventName());
            case Username -> value.equals(entry.userName());
            case AccessKeyId -> value.equals(entry.accessKeyId());
            case ReadOnly -> value.equals(String.valueOf(entry.readOnly()));
            case EventSource -> true;
            case ResourceName -> entry.resources().contains("|" + value + "\n");
            case ResourceType -> entry.resources().contains("\n" + value + "|");
        };
    }

    /** Deletes the chunks whose newest record is older than {@code cutoff}. Runs on the writer's connection. */
    @Override
    public synchronized int prune(Instant cutoff) {
        int[] records = new int[1];
        try {
            Transactions.inTransaction(writer, () -> {
                try (PreparedStatement count = writer.prepareStatement(
                        "SELECT COALESCE(SUM(record_count), 0) FROM audit_chunks WHERE last_time < ?");
                        PreparedStatement delete = writer.prepareStatement("DELETE FROM audit_chunks WHERE last_time < ?")) {
                    count.setLong(1, cutoff.toEpochMilli());
                    try (ResultSet rows = count.executeQuery()) {
                        records[0] = rows.next() ? rows.getInt(1) : 0;
                    }
                    delete.setLong(1, cutoff.toEpochMilli());
                    delete.executeUpdate();
                }
            });
            return records[0];
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prune audit records: " + e.getMessage(), e);
        }
    }

    /** Deletes every chunk in one transaction, then gives free pages back as an append does. */
    @Override
    public synchronized void clear() {
        try {
            Transactions.inTransaction(writer, () -> {
                try (Statement statement = writer.createStatement()) {
                    statement.executeUpdate("DELETE FROM audit_chunks");
                }
                space.releaseFreePages(writer);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete the audit records: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
            reader.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close the audit database: " + e.getMessage(), e);
        }
    }
}
