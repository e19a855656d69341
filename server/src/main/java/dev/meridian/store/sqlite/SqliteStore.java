package dev.meridian.store.sqlite;

import dev.meridian.sqlite.SqliteNativeLibrary;
import dev.meridian.sqlite.SqlitePageLimit;
import dev.meridian.jdbc.Transactions;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreWrite;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import dev.meridian.store.WriteDeadline;
import dev.meridian.store.rows.SqlStatements;
import dev.meridian.store.rows.StoreRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite database file in WAL mode with {@code synchronous=FULL}, so that a
 * committed batch survives a crash of the process or of the machine. One connection, used by one thread
 * at a time.
 *
 * <p>The embedded store belongs to one process (the data folder's lock sees to it) and to one registry in it: every
 * commit goes through this object, so {@link #changesSince} has nothing to report beyond the position, which
 * counts this object's commits. Event sequence numbers continue from the highest the outbox holds.
 */
public final class SqliteStore implements Store {
    private static final String ROOT_KEY_CHECK = "root_key_check";

    private final Connection connection;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong position = new AtomicLong();
    private long nextEventSequence;

    private SqliteStore(Connection connection) throws SQLException {
        this.connection = connection;
        try (var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(sequence), 0) FROM replication_events")) {
            rows.next();
            nextEventSequence = rows.getLong(1) + 1;
        }
    }

    /**
     * Loads the SQLite JDBC driver's native library ({@link SqliteNativeLibrary}), which {@link #open} does otherwise:
     * how a server's start does it ahead on a second thread. Thread-safe; a no-op the second time.
     *
     * @throws StoreException if the library cannot be loaded
     */
    public static void loadNativeLibrary() {
        try {
            SqliteNativeLibrary.load();
        } catch (IllegalStateException e) {
            throw new StoreException(e.getMessage(), e.getCause());
        }
    }

    /**
     * Loads the native library and what the driver's first connection builds whatever the database (its settings,
     * whose date format reads the default locale's data: about 30 ms of CPU), so that a start can do it ahead on a
     * second thread. Opens nothing.
     *
     * @throws StoreException if the library cannot be loaded
     */
    public static void prepare() {
        loadNativeLibrary();
        new org.sqlite.SQLiteConfig(); // its connection settings, the date format with them
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static SqliteStore open(Path databaseFile) {
        loadNativeLibrary();
        try {
            Connection connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + databaseFile.toAbsolutePath(), new java.util.Properties());
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA foreign_keys=ON");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            SchemaMigrations.apply(connection);
            return new SqliteStore(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot open the database " + databaseFile, e);
        }
    }

    @Override
    public synchronized StoreContents load() {
        try {
            return StoreRows.load(connection, position.get());
        } catch (SQLException e) {
            throw new StoreException("Cannot read the store", e);
        }
    }

    /** Only this process writes, so there is nothing to bound: the deadline is not needed (no {@link #writeWaitLimit}). */
    @Override
    public StoreWrite beginWrite(WriteDeadline deadline) {
        writeLock.lock();
        return new StoreWrite() {
            private boolean committed;
            private boolean closed;

            @Override
            public StoreChanges changesSince(long since) {
                return SqliteStore.this.changesSince(since);
            }

            @Override
            public long nextEventSequence() {
                return nextEventSequence++;
            }

            @Override
            public long commit(StoreBatch batch) {
                if (committed || closed) {
                    throw new IllegalStateException("One commit per write");
                }
                committed = true;
                return commitLocked(batch);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    writeLock.unlock();
                }
            }
        };
    }

    private synchronized long commitLocked(StoreBatch batch) {
        if (batch.isEmpty()) {
            return position.get();
        }
        try {
            Transactions.inTransaction(connection, () -> {
                for (StoreChange change : batch.changes()) {
                    StoreRows.apply(connection, change);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot commit a batch of " + batch.changes().size() + " changes", e);
        }
        return position.incrementAndGet();
    }

    @Override
    public StoreChanges changesSince(long since) {
        return StoreChanges.none(position.get());
    }

    @Override
    public synchronized byte[] rootKeyCheck(byte[] proposed) {
        try {
            Transactions.inTransaction(connection, () -> SqlStatements.update(connection,
                    "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)", ROOT_KEY_CHECK, proposed));
            try (PreparedStatement statement = connection.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                statement.setString(1, ROOT_KEY_CHECK);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getBytes(1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the root key's check value", e);
        }
    }

    /**
     * Makes the disk full for this store (SQLite's {@code max_page_count} at the current size): a commit that
     * needs more space fails with SQLITE_FULL, as on a full disk, until {@link #liftSizeCap()}. For tests.
     */
    public synchronized void capAtCurrentSize() {
        try {
            SqlitePageLimit.capAtCurrentSize(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot cap the database's size", e);
        }
    }

    /** Lifts what {@link #capAtCurrentSize()} set: the disk has room again. */
    public synchronized void liftSizeCap() {
        try {
            SqlitePageLimit.lift(connection);
        } catch (SQLException e) {
            throw new StoreException("Cannot lift the database's size cap", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the store", e);
        }
    }
}
