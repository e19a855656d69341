package dev.meridian.audit.postgres;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditResource;
import dev.meridian.audit.AuditStore;
import dev.meridian.audit.codec.AuditEventCodec;
import dev.meridian.jdbc.Transactions;
import dev.meridian.postgres.PostgresConnection;
import dev.meridian.postgres.PostgresMigrations;
import dev.meridian.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The audit trail of every node of a service in one PostgreSQL database (table {@code audit_records}, schema
 * version in {@code audit_schema_version}, beside the key store's tables).
 *
 * <ul>
 *   <li><b>One trail, one order.</b> A record is one row: its event in {@link AuditEventCodec}'s compact form, and
 *       as columns what LookupEvents filters on; an index serves each, or for attributes of few values (user,
 *       access key, resource type) a bounded read along the time index ({@link LookupStatement}). Every node's
 *       lookups read every node's records, newest first by event time, then by an ID the database assigns as
 *       rows are inserted. A page goes on strictly after the (event time, ID) its previous one ended at, so a
 *       NextToken stays valid while nodes append: no record is returned twice, none of those stored before the
 *       first page is skipped; a record stored later comes on a later page only if its event time is older than
 *       where the pages have got to (one queued during an outage of the database).</li>
 *   <li><b>Appends.</b> A batch is one {@code INSERT ... SELECT FROM unnest(...)} statement: one transaction,
 *       all of it or nothing, in the batch's order. The event ID is the key and a batch stored again adds nothing
 *       ({@code ON CONFLICT DO NOTHING}): a retry after a lost acknowledgement does not double records.</li>
 *   <li><b>Retention.</b> {@link #prune} deletes {@value #PRUNE_ROUND} records per transaction, under
 *       {@code pg_try_advisory_xact_lock}: when several nodes prune at once, one deletes and the others skip; at
 *       most {@value #PRUNE_ROUNDS_PER_CALL} rounds a call, so the writer never stalls long on a long backlog.</li>
 *   <li><b>A lost connection.</b> The writer (append, prune, clear) and the lookups each have one connection,
 *       used under a lock. An operation that finds its connection broken fails with
 *       {@link IllegalStateException}, and the next one connects again ({@link PostgresConnection});
 *       {@link dev.meridian.audit.BatchingAuditLog} keeps the batch queued and retries it. A lookup that finds its
 *       connection broken retries once on a new one at once (it only reads).</li>
 *   <li><b>No size bound.</b> Unlike {@code audit.db}, the database's space is the database administrator's:
 *       retention applies, {@code --audit-max-size} does not.</li>
 * </ul>
 *
 * <p>Errors never carry the password: they name the database by {@link PostgresSettings#toString()}.
 */
public final class PostgresAuditStore implements AuditStore {
    private static final List<String> MIGRATIONS = List.of("V1__audit_records.sql");
    static final String VERSION_TABLE = "audit_schema_version";
    /** The advisory lock of the audit schema's migrations ("MeridAu1"). */
    static final long MIGRATION_LOCK = 0x4D65726964417531L;
    /** The advisory lock a node holds while it deletes old records ("MeridAu2"). */
    static final long PRUNE_LOCK = 0x4D65726964417532L;
    static final int PRUNE_ROUND = 10_000;
    static final int PRUNE_ROUNDS_PER_CALL = 200;
    /**
     * How many records one lookup reads at most to match {@code Username}, {@code AccessKeyId} or
     * {@code ResourceType}, which have no index ({@link LookupStatement}).
     */
    static final int ROWS_PER_LOOKUP = 50_000;
    private static final String INSERT = "INSERT INTO audit_records (event_id, account, region, event_time, event_name,"
            + " read_only, user_name, access_key_id, resource_names, resource_types, event)"
            + " SELECT event_id, account, region, TIMESTAMPTZ 'epoch' + event_time * INTERVAL '1 millisecond', event_name,"
            + " read_only, user_name, access_key_id, string_to_array(resource_names, E'\\n'),"
            + " string_to_array(resource_types, E'\\n'), event"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::boolean[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY AS batch (event_id, account, region, event_time,"
            + " event_name, read_only, user_name, access_key_id, resource_names, resource_types, event, place)"
            + " ORDER BY place ON CONFLICT (event_id) DO NOTHING";
    private static final String PRUNE = "DELETE FROM audit_records WHERE ctid = ANY (ARRAY("
            + "SELECT ctid FROM audit_records WHERE event_time < ? LIMIT " + PRUNE_ROUND + "))";

    private final PostgresSettings settings;
    /** Appends, prunes and clears; guarded by {@code this}. */
    private final PostgresConnection writer;
    /** Lookups; guarded by itself. */
    private final PostgresConnection reader;
    private final int rowsPerLookup;

    private PostgresAuditStore(PostgresSettings settings, int rowsPerLookup) {
        this.settings = settings;
        this.rowsPerLookup = rowsPerLookup;
        this.writer = new PostgresConnection(settings, PostgresConnection.Setup.NONE);
        this.reader = new PostgresConnection(settings, PostgresConnection.Setup.NONE);
    }

    /**
     * Connects to the database and brings the audit schema up to date (safe when several nodes start at once).
     * Throws {@link IllegalStateException} when the database cannot be reached or its schema is newer.
     */
    public static PostgresAuditStore open(PostgresSettings settings) {
        return open(settings, ROWS_PER_LOOKUP);
    }

    /** The same, matching attributes without an index on at most {@code rowsPerLookup} records a lookup (tests use few). */
    static PostgresAuditStore open(PostgresSettings settings, int rowsPerLookup) {
        PostgresAuditStore store = new PostgresAuditStore(settings, rowsPerLookup);
        try {
            PostgresMigrations.apply(store.writer.get(), PostgresAuditStore.class, MIGRATIONS, VERSION_TABLE,
                    MIGRATION_LOCK, "The audit trail");
            return store;
        } catch (SQLException | RuntimeException e) {
            store.close();
            throw new IllegalStateException("Cannot open the audit trail in " + settings + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            Connection connection = writer.get();
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                bind(connection, insert, events);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            writer.discardIfBroken(e);
            throw new IllegalStateException("Cannot store audit records in " + settings + ": " + e.getMessage(), e);
        }
    }

    private static void bind(Connection connection, PreparedStatement insert, List<AuditEvent> events)
            throws SQLException {
        int size = events.size();
        String[] eventIds = new String[size];
        String[] accounts = new String[size];
        String[] regions = new String[size];
        Long[] times = new Long[size];
        String[] names = new String[size];
        Boolean[] readOnly = new Boolean[size];
        String[] userNames = new String[size];
        String[] accessKeyIds = new String[size];
        String[] resourceNames = new String[size];
        String[] resourceTypes = new String[size];
        byte[][] stored = new byte[size][];
        for (int index = 0; index < size; index++) {
            AuditEvent event = events.get(index);
            eventIds[index] = event.eventId();
            accounts[index] = event.accountId() == null ? "" : event.accountId();
            regions[index] = event.awsRegion();
            times[index] = event.eventTime().toEpochMilli();
            names[index] = event.eventName();
            readOnly[index] = event.readOnly();
            userNames[index] = event.userIdentity().userName();
            accessKeyIds[index] = event.userIdentity().accessKeyId();
            StringJoiner resourceNameLines = new StringJoiner("\n");
            StringJoiner resourceTypeLines = new StringJoiner("\n");
            for (AuditResource resource : event.lookupResources()) {
                resourceNameLines.add(resource.name());
                resourceTypeLines.add(resource.type());
            }
            resourceNames[index] = resourceNameLines.toString();
            resourceTypes[index] = resourceTypeLines.toString();
            stored[index] = AuditEventCodec.encode(event);
        }
        insert.setArray(1, connection.createArrayOf("text", eventIds));
        insert.setArray(2, connection.createArrayOf("text", accounts));
        insert.setArray(3, connection.createArrayOf("text", regions));
        insert.setArray(4, connection.createArrayOf("bigint", times));
        insert.setArray(5, connection.createArrayOf("text", names));
        insert.setArray(6, connection.createArrayOf("boolean", readOnly));
        insert.setArray(7, connection.createArrayOf("text", userNames));
        insert.setArray(8, connection.createArrayOf("text", accessKeyIds));
        insert.setArray(9, connection.createArrayOf("text", resourceNames));
        insert.setArray(10, connection.createArrayOf("text", resourceTypes));
        insert.setArray(11, connection.createArrayOf("bytea", stored));
    }

    /** The page; on a connection found broken, once more on a new one. */
    @Override
    public AuditPage lookup(AuditQuery query) {
        Optional<LookupStatement> statement = LookupStatement.of(query, rowsPerLookup);
        if (statement.isEmpty()) {
            return new AuditPage(List.of(), null);
        }
        synchronized (reader) {
            try {
                return statement.get().read(reader.get());
            } catch (SQLException first) {
                if (!reader.discardIfBroken(first)) {
                    throw new IllegalStateException("Cannot read audit records from " + settings + ": "
                            + first.getMessage(), first);
                }
                try {
                    return statement.get().read(reader.get());
                } catch (SQLException second) {
                    reader.discardIfBroken(second);
                    throw new IllegalStateException("Cannot read audit records from " + settings + ": "
                            + second.getMessage(), second);
                }
            }
        }
    }

    /**
     * Deletes records older than {@code cutoff}, exactly those, {@value #PRUNE_ROUND} per transaction, each under
     * the prune lock: a round that finds another node holding it ends this call (that node deletes them).
     */
    @Override
    public synchronized int prune(Instant cutoff) {
        int deleted = 0;
        try {
            for (int round = 0; round < PRUNE_ROUNDS_PER_CALL; round++) {
                int inRound = pruneRound(writer.get(), cutoff);
                if (inRound < 0) {
                    break;
                }
                deleted += inRound;
                if (inRound < PRUNE_ROUND) {
                    break;
                }
            }
            return deleted;
        } catch (SQLException e) {
            writer.discardIfBroken(e);
            throw new IllegalStateException("Cannot prune audit records in " + settings + " (" + deleted
                    + " deleted): " + e.getMessage(), e);
        }
    }

    /** One transaction: how many records it deleted, or -1 when another node holds the prune lock. */
    private static int pruneRound(Connection connection, Instant cutoff) throws SQLException {
        return Transactions.inTransaction(connection, () -> {
            try (Statement lock = connection.createStatement();
                    ResultSet locked = lock.executeQuery("SELECT pg_try_advisory_xact_lock(" + PRUNE_LOCK + ")")) {
                locked.next();
                if (!locked.getBoolean(1)) {
                    return -1;
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(PRUNE)) {
                delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                return delete.executeUpdate();
            }
        });
    }

    /** Deletes every record of every node, in one transaction ({@code TRUNCATE}; record IDs go on from where they were). */
    @Override
    public synchronized void clear() {
        try (Statement statement = writer.get().createStatement()) {
            statement.execute("TRUNCATE audit_records");
        } catch (SQLException e) {
            writer.discardIfBroken(e);
            throw new IllegalStateException("Cannot delete the audit records in " + settings + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            writer.close();
        }
        synchronized (reader) {
            reader.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresAuditStore[" + settings + "]";
    }
}
