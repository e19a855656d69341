package dev.meridian.store.postgres;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreContents;
import dev.meridian.store.rows.GrantRows;
import dev.meridian.store.rows.KeyRows;
import dev.meridian.store.rows.SqlStatements;
import dev.meridian.store.rows.StoreRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store's change log ({@code store_changes}): each commit appends one row per entity it changed (a key whole,
 * an alias, an outbox event) or one {@code EVERYTHING} row for a reset; a commit's position is its last row's.
 * {@link #changesSince} turns the rows after a position into the entities' current state, read in the caller's
 * snapshot. Old rows are pruned; {@code store_changes_horizon} remembers the last position pruned, and a copy older
 * than it must reload. Every method runs in the caller's transaction; appending and pruning only under the write lock.
 */
final class ChangeLog {
    private static final String CHANGED_KEYS = " WHERE (account, region, key_id) IN (SELECT account, region, key_id"
            + " FROM store_changes WHERE position > ? AND kind = 'KEY')";
    private static final String CHANGED_ALIASES = " WHERE (account, region, alias_name) IN (SELECT account, region,"
            + " alias_name FROM store_changes WHERE position > ? AND kind = 'ALIAS')";
    private static final String CHANGED_EVENTS = " WHERE sequence IN (SELECT event_sequence FROM store_changes"
            + " WHERE position > ? AND kind = 'EVENT')";
    private static final int ROWS_PER_INSERT = 500;

    /** One changed entity, as a row of the log names it. */
    private record Entity(String kind, String account, String region, String keyId, String aliasName, Long eventSequence) {
        static Entity key(KeyReference key) {
            return new Entity("KEY", key.account().value(), key.region().name(), key.keyId().value(), null, null);
        }
    }

    /**
     * The log entry this process's copy stands on: its position and when it was committed (microseconds since the
     * epoch). A database restored from a backup reuses positions (the identity column comes back with it), so a copy
     * whose entry is gone or was committed at another time stands on a log that was put back, even when other nodes'
     * writes have carried the log past its position since.
     */
    record Landmark(long position, long committedMicros) {
    }

    private final ChangeLogRetention retention;
    private final String channel;
    private final AtomicReference<Landmark> copyAt = new AtomicReference<>();
    private long lastPrune = System.nanoTime();

    ChangeLog(ChangeLogRetention retention, String channel) {
        this.retention = retention;
        this.channel = channel;
    }

    /** The position of the last commit, in the caller's snapshot. */
    static long latest(Connection connection) throws SQLException {
        return state(connection, 0).latest();
    }

    /**
     * Appends the entities {@code changes} touch and notifies the channel of the new position (delivered when the
     * transaction commits); returns that position's entry, or nothing when the changes touch no entity a copy holds
     * (only last uses, which each process keeps for itself).
     */
    Optional<Landmark> append(Connection connection, List<StoreChange> changes) throws SQLException {
        Set<Entity> entities = new LinkedHashSet<>();
        for (StoreChange change : changes) {
            Entity entity = entity(change);
            if (entity != null) {
                entities.add(entity);
            }
        }
        if (entities.isEmpty()) {
            return Optional.empty();
        }
        List<Entity> all = new ArrayList<>(entities);
        Landmark last = null;
        for (int from = 0; from < all.size(); from += ROWS_PER_INSERT) {
            last = insert(connection, all.subList(from, Math.min(all.size(), from + ROWS_PER_INSERT)));
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, Long.toString(last.position()));
            statement.execute();
        }
        return Optional.of(last);
    }

    /** Inserts one row per entity; returns the last row's entry (a transaction's rows share their commit time). */
    private static Landmark insert(Connection connection, List<Entity> entities) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO store_changes (kind, account, region, key_id, alias_name, event_sequence) VALUES ");
        for (int i = 0; i < entities.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
        }
        sql.append(" RETURNING position, (EXTRACT(EPOCH FROM committed_at) * 1000000)::bigint");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            for (Entity entity : entities) {
                statement.setString(parameter++, entity.kind());
                statement.setString(parameter++, entity.account());
                statement.setString(parameter++, entity.region());
                statement.setString(parameter++, entity.keyId());
                statement.setString(parameter++, entity.aliasName());
                if (entity.eventSequence() == null) {
                    statement.setNull(parameter++, Types.BIGINT);
                } else {
                    statement.setLong(parameter++, entity.eventSequence());
                }
            }
            Landmark last = null;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (last == null || rows.getLong(1) > last.position()) {
                        last = new Landmark(rows.getLong(1), rows.getLong(2));
                    }
                }
            }
            return last;
        }
    }

    private static Entity entity(StoreChange change) {
        if (change instanceof StoreChange.PutKey put) {
            return Entity.key(put.key().reference());
        } else if (change instanceof StoreChange.KeySnapshot snapshot) {
            return Entity.key(snapshot.key().reference());
        } else if (change instanceof StoreChange.DeleteKey delete) {
            return Entity.key(delete.key());
        } else if (change instanceof StoreChange.PutMaterial put) {
            return Entity.key(put.material().key());
        } else if (change instanceof StoreChange.ReplaceMaterial replace) {
            return Entity.key(replace.material().key());
        } else if (change instanceof StoreChange.DeleteMaterial delete) {
            return Entity.key(delete.key());
        } else if (change instanceof StoreChange.PutGrant put) {
            return Entity.key(put.grant().key());
        } else if (change instanceof StoreChange.DeleteGrant delete) {
            return Entity.key(delete.key());
        } else if (change instanceof StoreChange.PutAlias put) {
            Alias alias = put.alias();
            return new Entity("ALIAS", alias.account().value(), alias.region().name(), null, alias.name(), null);
        } else if (change instanceof StoreChange.DeleteAlias delete) {
            return new Entity("ALIAS", delete.account().value(), delete.region().name(), null, delete.name(), null);
        } else if (change instanceof StoreChange.PutEvent put) {
            return new Entity("EVENT", null, null, null, null, put.event().sequence());
        } else if (change instanceof StoreChange.DeleteEvent delete) {
            return new Entity("EVENT", null, null, null, null, delete.sequence());
        } else if (change instanceof StoreChange.DeleteEverything) {
            return new Entity("EVERYTHING", null, null, null, null, null);
        }
        return null; // PutKeyLastUsage: each process keeps its own
    }

    /**
     * Removes the rows older than the retention keeps (never the last one), when the last pruning is long enough
     * ago; only under the write lock.
     */
    void pruneIfDue(Connection connection) throws SQLException {
        long now = System.nanoTime();
        if (now - lastPrune < retention.pruneInterval().toNanos()) {
            return;
        }
        prune(connection, retention);
        lastPrune = now;
    }

    static void prune(Connection connection, ChangeLogRetention retention) throws SQLException {
        SqlStatements.update(connection, "WITH last AS (SELECT COALESCE(MAX(position), 0) AS position FROM store_changes),"
                + " pruned AS (DELETE FROM store_changes WHERE position < (SELECT position FROM last)"
                + " AND (committed_at < now() - make_interval(secs => ?) OR position <= (SELECT position FROM last) - ?)"
                + " RETURNING position)"
                + " UPDATE store_changes_horizon SET pruned_through = GREATEST(pruned_through,"
                + " (SELECT COALESCE(MAX(position), 0) FROM pruned))",
                retention.age().toMillis() / 1000.0, retention.entries());
    }

    /**
     * What a copy at {@code since} must apply to reach the latest position, read in the caller's snapshot: each
     * changed entity as it is now, or the whole contents when the log no longer reaches back to {@code since}, holds
     * a reset after it, or ends before it: positions only grow, so a log that ends before a copy's position is a
     * database put back to an earlier state (a backup restored while the nodes run), whose contents the copy takes;
     * so is a log whose entry at this process's copy's position is not the one it was given (the restored log has
     * grown past it again). One statement reads the log's state, as the latest position alone was read before.
     */
    StoreChanges changesSince(Connection connection, long since) throws SQLException {
        LogState log = state(connection, since);
        long latest = log.latest();
        long prunedThrough = log.prunedThrough();
        if (latest < since || putBack(log, since)) {
            standOn(log.latestEntry(), true);
            return StoreChanges.rewound(StoreRows.load(connection, latest));
        }
        if (latest == since) {
            return StoreChanges.none(latest);
        }
        standOn(log.latestEntry(), false);
        List<Entity> changed = SqlStatements.query(connection, "SELECT DISTINCT kind, account, region, key_id, alias_name,"
                + " event_sequence FROM store_changes WHERE position > ?", rows -> {
                    long sequence = rows.getLong("event_sequence");
                    Long eventSequence = rows.wasNull() ? null : sequence;
                    return new Entity(rows.getString("kind"), rows.getString("account"), rows.getString("region"),
                            rows.getString("key_id"), rows.getString("alias_name"), eventSequence);
                }, since);
        if (since < prunedThrough || changed.stream().anyMatch(entity -> entity.kind().equals("EVERYTHING"))) {
            return StoreChanges.reload(StoreRows.load(connection, latest));
        }
        List<StoreChange> changes = new ArrayList<>();
        if (changed.stream().anyMatch(entity -> entity.kind().equals("KEY"))) {
            keyChanges(connection, since, changed, changes);
        }
        if (changed.stream().anyMatch(entity -> entity.kind().equals("ALIAS"))) {
            Map<List<String>, Alias> aliases = new HashMap<>();
            for (Alias alias : StoreRows.loadAliases(connection, CHANGED_ALIASES, since)) {
                aliases.put(List.of(alias.account().value(), alias.region().name(), alias.name()), alias);
            }
            for (Entity entity : changed) {
                if (entity.kind().equals("ALIAS")) {
                    Alias alias = aliases.get(List.of(entity.account(), entity.region(), entity.aliasName()));
                    changes.add(alias != null ? new StoreChange.PutAlias(alias) : new StoreChange.DeleteAlias(
                            AccountId.of(entity.account()), Region.of(entity.region()), entity.aliasName()));
                }
            }
        }
        if (changed.stream().anyMatch(entity -> entity.kind().equals("EVENT"))) {
            Map<Long, ReplicationEvent> events = new HashMap<>();
            StoreRows.loadEvents(connection, CHANGED_EVENTS, since).forEach(event -> events.put(event.sequence(), event));
            changed.stream().filter(entity -> entity.kind().equals("EVENT")).map(Entity::eventSequence).sorted()
                    .forEach(sequence -> changes.add(events.containsKey(sequence)
                            ? new StoreChange.PutEvent(events.get(sequence)) : new StoreChange.DeleteEvent(sequence)));
        }
        return StoreChanges.of(latest, changes);
    }

    /**
     * The log as one statement reads it: the last position pruned, the last entry (none when every entry was pruned
     * or none was ever written), and when the entry at {@code since} was committed (none when it is gone).
     */
    private record LogState(long prunedThrough, Landmark lastEntry, OptionalLong sinceCommittedMicros) {
        /** The position of the last commit: the last entry's, or the last pruned one's when every entry was pruned. */
        long latest() {
            return Math.max(prunedThrough, lastEntry == null ? 0 : lastEntry.position());
        }

        /** The entry at {@link #latest}, if the log still holds it. */
        Landmark latestEntry() {
            return lastEntry != null && lastEntry.position() == latest() ? lastEntry : null;
        }
    }

    private static final String STATE = "WITH last AS (SELECT position, committed_at FROM store_changes"
            + " ORDER BY position DESC LIMIT 1)"
            + " SELECT horizon.pruned_through, (SELECT position FROM last),"
            + " (SELECT (EXTRACT(EPOCH FROM committed_at) * 1000000)::bigint FROM last),"
            + " (SELECT (EXTRACT(EPOCH FROM committed_at) * 1000000)::bigint FROM store_changes WHERE position = ?)"
            + " FROM store_changes_horizon horizon";

    private static LogState state(Connection connection, long since) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATE)) {
            statement.setLong(1, since);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long prunedThrough = rows.getLong(1);
                long lastPosition = rows.getLong(2);
                Landmark last = rows.wasNull() ? null : new Landmark(lastPosition, rows.getLong(3));
                long sinceMicros = rows.getLong(4);
                OptionalLong sinceCommitted = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(sinceMicros);
                return new LogState(prunedThrough, last, sinceCommitted);
            }
        }
    }

    /**
     * Whether the entry this process's copy stands on at {@code since} is no longer the one it was given (gone, or
     * committed at another time): the log was put back and has grown past {@code since} again. Unknown (false) when the
     * copy stands elsewhere or the entry was pruned.
     */
    private boolean putBack(LogState log, long since) {
        Landmark standing = copyAt.get();
        if (standing == null || standing.position() != since || since <= log.prunedThrough()) {
            return false;
        }
        return log.sinceCommittedMicros().isEmpty() || log.sinceCommittedMicros().getAsLong() != standing.committedMicros();
    }

    /** Everything the store holds at the latest position, which this process's copy then stands on. */
    StoreContents load(Connection connection) throws SQLException {
        LogState log = state(connection, 0);
        StoreContents contents = StoreRows.load(connection, log.latest());
        standOn(log.latestEntry(), false);
        return contents;
    }

    /**
     * Records that this process's copy was given the log up to {@code landmark} (nothing when it is null): the newest
     * such report wins, as the copy applies only newer ones, except after a rewind, which the copy takes whatever its
     * position.
     */
    void standOn(Landmark landmark, boolean rewound) {
        if (landmark == null) {
            if (rewound) {
                copyAt.set(null);
            }
            return;
        }
        copyAt.accumulateAndGet(landmark, (current, reported) ->
                rewound || current == null || reported.position() > current.position() ? reported : current);
    }

    private static void keyChanges(Connection connection, long since, List<Entity> changed, List<StoreChange> changes)
            throws SQLException {
        Map<KeyReference, KeyRecord> records = new HashMap<>();
        KeyRows.loadKeys(connection, CHANGED_KEYS, since).forEach(record -> records.put(record.reference(), record));
        Map<KeyReference, List<WrappedMaterial>> materials = new HashMap<>();
        for (WrappedMaterial material : KeyRows.loadMaterials(connection, CHANGED_KEYS, since)) {
            materials.computeIfAbsent(material.key(), ignored -> new ArrayList<>()).add(material);
        }
        Map<KeyReference, List<Grant>> grants = new HashMap<>();
        for (Grant grant : GrantRows.loadGrants(connection, CHANGED_KEYS, since)) {
            grants.computeIfAbsent(grant.key(), ignored -> new ArrayList<>()).add(grant);
        }
        for (Entity entity : changed) {
            if (entity.kind().equals("KEY")) {
                KeyReference key = new KeyReference(AccountId.of(entity.account()), Region.of(entity.region()),
                        new KeyId(entity.keyId()));
                KeyRecord record = records.get(key);
                changes.add(record == null ? new StoreChange.DeleteKey(key) : new StoreChange.KeySnapshot(record,
                        materials.getOrDefault(key, List.of()), grants.getOrDefault(key, List.of())));
            }
        }
    }
}
