package dev.meridian.store.postgres;

import dev.meridian.postgres.PostgresMigrations;
import dev.meridian.postgres.PostgresConnection;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import dev.meridian.store.StoreTimeoutException;
import dev.meridian.store.StoreWrite;
import dev.meridian.store.WriteDeadline;
import dev.meridian.store.rows.SqlStatements;
import dev.meridian.store.rows.StoreRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The key store in a PostgreSQL database (13 or later) that several Meridian processes share: the tables of the
 * embedded store, plus a change log ({@link ChangeLog}) that tells each process what the others committed.
 *
 * <ul>
 *   <li>Writes: one connection for this process's writes (its writes take turns), in {@code READ COMMITTED}. A write
 *       begins with {@code pg_advisory_xact_lock}: every process's writes are serialized, each statement after it
 *       sees every earlier commit, and log positions are committed in order. The lock goes with the transaction.
 *       (Not {@code REPEATABLE READ}: its snapshot would be taken by the lock's statement, before the lock is granted,
 *       and miss the commits it waited for.)</li>
 *   <li>Bounded waits: the write connection's {@code lock_timeout} is the write lock timeout, so neither the wait for
 *       the write lock (another process's write holds it: a stuck node, a partition the database has not noticed yet)
 *       nor any other lock wait of a write lasts longer. The wait to begin is bounded as a whole: what a write waited
 *       in this process (for its turn, for the write connection) is taken off its wait for the database's lock (a
 *       {@link WriteDeadline}, the transaction's {@code lock_timeout}). Past it the write is rolled back and
 *       {@link #beginWrite} (or the statement) throws a {@link StoreTimeoutException}; the next write starts afresh.
 *       The bound is below the connection's network timeout ({@link PostgresConnection#NETWORK_TIMEOUT_MILLIS}), so
 *       a wait ends as a timeout, not as a broken connection.</li>
 *   <li>Reads ({@link #load}, {@link #changesSince}): one connection in {@code REPEATABLE READ}, one snapshot per
 *       call, so a result is the state at the position it names.</li>
 *   <li>Other processes' commits: {@link #onForeignCommit} starts a {@link ForeignCommitListener} (LISTEN/NOTIFY,
 *       and a check of the latest position every 500 ms).</li>
 *   <li>A lost connection (the database restarted, the session was terminated) is replaced on the next call, and a
 *       read or the start of a write is tried once more on a new connection; failures are {@link StoreException}s.
 *       The password never appears in a message ({@link PostgresSettings#toString}).</li>
 * </ul>
 * Thread-safe.
 */
public final class PostgresStore implements Store {
    /** The advisory lock of this schema's migrations ("meridian" in ASCII, then 1). */
    static final long MIGRATION_LOCK = 0x6d65726964690001L;
    /**
     * The advisory lock every write holds ("meridian" in ASCII, then 2): {@code pg_locks} shows which session holds
     * it ({@code locktype = 'advisory'}, {@code classid} and {@code objid} its high and low 32 bits).
     */
    public static final long WRITE_LOCK = 0x6d65726964690002L;
    /** The channel each commit notifies with its position. */
    static final String CHANNEL = "meridian_key_store";
    /** How long a write waits for the write lock (and any other lock) by default: 10 seconds. */
    public static final Duration DEFAULT_WRITE_LOCK_TIMEOUT = Duration.ofSeconds(10);
    /** PostgreSQL's SQLState when a lock wait passed {@code lock_timeout}: {@code lock_not_available}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final List<String> MIGRATIONS = List.of("V1__key_store.sql");
    private static final String ROOT_KEY_CHECK = "root_key_check";

    private final PostgresSettings settings;
    private final Duration writeLockTimeout;
    private final ChangeLog changeLog;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final PostgresConnection writeConnection;
    private final Object readMonitor = new Object();
    private final PostgresConnection readConnection;
    private volatile ForeignCommitListener foreignCommits;

    private PostgresStore(PostgresSettings settings, ChangeLogRetention retention, Duration writeLockTimeout) {
        this.settings = settings;
        this.writeLockTimeout = writeLockTimeout;
        this.changeLog = new ChangeLog(retention, CHANNEL);
        this.writeConnection = new PostgresConnection(settings, connection -> {
            try (Statement statement = connection.createStatement()) { // in auto-commit: the session's setting
                statement.execute("SET lock_timeout = " + writeLockTimeout.toMillis());
            }
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        });
        this.readConnection = new PostgresConnection(settings, connection -> {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
        });
    }

    /**
     * Opens the store in the database {@code settings} names, creating or migrating its tables (once, when several
     * open at once), with the {@link #DEFAULT_WRITE_LOCK_TIMEOUT}.
     */
    public static PostgresStore open(PostgresSettings settings) {
        return open(settings, DEFAULT_WRITE_LOCK_TIMEOUT);
    }

    /**
     * The same, a write waiting at most {@code writeLockTimeout} for the write lock (or any lock): at least 1 ms and
     * less than the connection's network timeout ({@link PostgresConnection#NETWORK_TIMEOUT_MILLIS}).
     */
    public static PostgresStore open(PostgresSettings settings, Duration writeLockTimeout) {
        return open(settings, ChangeLogRetention.DEFAULT, writeLockTimeout);
    }

    /** The same, keeping as much of the change log as {@code retention} says. */
    public static PostgresStore open(PostgresSettings settings, ChangeLogRetention retention) {
        return open(settings, retention, DEFAULT_WRITE_LOCK_TIMEOUT);
    }

    /** The same, with both the change log's retention and the write lock timeout given. */
    public static PostgresStore open(PostgresSettings settings, ChangeLogRetention retention, Duration writeLockTimeout) {
        Objects.requireNonNull(writeLockTimeout, "writeLockTimeout");
        if (writeLockTimeout.toMillis() < 1 || writeLockTimeout.toMillis() >= PostgresConnection.NETWORK_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("The write lock timeout must be at least 1ms and less than "
                    + PostgresConnection.NETWORK_TIMEOUT_MILLIS + "ms, not " + writeLockTimeout.toMillis() + "ms");
        }
        try (Connection connection = settings.connect()) {
            PostgresMigrations.apply(connection, PostgresStore.class, MIGRATIONS, "key_store_schema_version",
                    MIGRATION_LOCK, "The key store in " + settings);
        } catch (SQLException e) {
            throw new StoreException("Cannot open the key store in " + settings, e);
        }
        return new PostgresStore(settings, retention, writeLockTimeout);
    }

    /** The schema version this Meridian writes. */
    static int latestVersion() {
        return MIGRATIONS.size();
    }

    @Override
    public StoreContents load() {
        return read("Cannot read the store", changeLog::load);
    }

    @Override
    public StoreChanges changesSince(long position) {
        return read("Cannot read the store's changes", connection -> changeLog.changesSince(connection, position));
    }

    @Override
    public boolean isShared() {
        return true;
    }

    @Override
    public synchronized void onForeignCommit(Runnable listener) {
        if (foreignCommits != null) {
            throw new IllegalStateException("The foreign commit listener is set once");
        }
        ForeignCommitListener started = new ForeignCommitListener(settings, CHANNEL, listener);
        foreignCommits = started;
        started.start();
    }

    @Override
    public byte[] rootKeyCheck(byte[] proposed) {
        try (Connection connection = settings.connect()) {
            SqlStatements.update(connection, "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                    ROOT_KEY_CHECK, proposed);
            return SqlStatements.query(connection, "SELECT value FROM settings WHERE name = ?",
                    rows -> rows.getBytes(1), ROOT_KEY_CHECK).get(0);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the root key's check value", e);
        }
    }

    /** The write lock timeout: this process's writes wait for each other no longer than for another's. */
    @Override
    public Optional<Duration> writeWaitLimit() {
        return Optional.of(writeLockTimeout);
    }

    /**
     * Waits for this process's write connection, then for the database's write lock, both together no longer than the
     * write lock timeout, nor past {@code deadline}: the database's wait is bounded by what the first left.
     */
    @Override
    public StoreWrite beginWrite(WriteDeadline deadline) {
        WriteDeadline bound = deadline.atMost(writeLockTimeout);
        try {
            if (!writeLock.tryLock(bound.remainingNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreTimeoutException("Cannot take the store's write lock: this process's write connection"
                        + " was not free within " + writeLockTimeout.toMillis() + " ms (another write of it is under way)",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the store's write lock", e);
        }
        if (writeLock.getHoldCount() > 1) {
            writeLock.unlock();
            throw new IllegalStateException("Writes do not nest: this thread's write is still open");
        }
        try {
            return new PostgresWrite(lockedWriteConnection(bound));
        } catch (SQLException e) {
            writeLock.unlock();
            throw failure("Cannot take the store's write lock", e);
        } catch (RuntimeException | Error e) {
            writeLock.unlock();
            throw e;
        }
    }

    /**
     * The write connection in a transaction holding the write lock, taken by {@code bound}; a broken connection is
     * replaced once, a wait longer than the write lock timeout is not tried again.
     */
    private Connection lockedWriteConnection(WriteDeadline bound) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                Connection connection = writeConnection.get();
                try (Statement statement = connection.createStatement()) {
                    statement.execute(lockStatement(bound));
                }
                return connection;
            } catch (SQLException e) {
                // a lock timeout is an answer (the connection is fine): no second wait on another connection
                boolean retry = !LOCK_NOT_AVAILABLE.equals(e.getSQLState()) && writeConnection.discardIfBroken(e);
                writeConnection.rollbackQuietly();
                if (!retry || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    /**
     * The statement that takes the write lock, its wait bounded by what is left until {@code bound} (this transaction's
     * {@code lock_timeout}, set in the same round trip; at least 1 ms, as 0 would be no timeout at all). Each later lock
     * wait of the write (for a row another session holds) keeps to the same value, at most the write lock timeout.
     */
    private static String lockStatement(WriteDeadline bound) {
        long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(bound.remainingNanos()));
        return "SET LOCAL lock_timeout = " + leftMillis + "; SELECT pg_advisory_xact_lock(" + WRITE_LOCK + ")";
    }

    /**
     * The exception of a failed statement: a {@link StoreTimeoutException} when it waited for a lock longer than the
     * write lock timeout ({@code lock_timeout}), a {@link StoreException} otherwise.
     */
    private StoreException failure(String message, SQLException cause) {
        if (LOCK_NOT_AVAILABLE.equals(cause.getSQLState())) {
            return new StoreTimeoutException(message + ": no lock within " + writeLockTimeout.toMillis()
                    + " ms (another write holds it)", cause);
        }
        return new StoreException(message, cause);
    }

    /** A read in one snapshot on the read connection; a broken connection is replaced and the read tried once more. */
    private <T> T read(String failure, SqlBody<T> body) {
        synchronized (readMonitor) {
            for (int attempt = 1; ; attempt++) {
                try {
                    Connection connection = readConnection.get();
                    try {
                        return body.run(connection);
                    } finally {
                        readConnection.rollbackQuietly(); // ends the snapshot; nothing was written
                    }
                } catch (SQLException e) {
                    if (!readConnection.discardIfBroken(e) || attempt == 2) {
                        throw new StoreException(failure, e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        ForeignCommitListener listener = foreignCommits;
        if (listener != null) {
            listener.stop();
        }
        synchronized (readMonitor) {
            readConnection.close();
        }
        writeLock.lock();
        try {
            writeConnection.close();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + settings + "]";
    }

    /** What a read does with its connection. */
    @FunctionalInterface
    private interface SqlBody<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One write on the write connection, holding the advisory lock until its transaction ends. */
    private final class PostgresWrite implements StoreWrite {
        private final Connection connection;
        private boolean finished;
        private boolean closed;

        PostgresWrite(Connection connection) {
            this.connection = connection;
        }

        @Override
        public StoreChanges changesSince(long position) {
            try {
                return changeLog.changesSince(connection, position);
            } catch (SQLException e) {
                throw failed("Cannot read the store's changes", e);
            }
        }

        @Override
        public long nextEventSequence() {
            try {
                return SqlStatements.queryLong(connection, "SELECT nextval('replication_event_sequence')");
            } catch (SQLException e) {
                throw failed("Cannot take a replication event sequence number", e);
            }
        }

        @Override
        public long commit(StoreBatch batch) {
            if (finished || closed) {
                throw new IllegalStateException("One commit per write");
            }
            finished = true;
            ForeignCommitListener listener = foreignCommits;
            Optional<ChangeLog.Landmark> logged = Optional.empty();
            boolean succeeded = false;
            try {
                long position;
                if (batch.isEmpty()) {
                    position = ChangeLog.latest(connection);
                } else {
                    for (StoreChange change : batch.changes()) {
                        StoreRows.apply(connection, change);
                    }
                    changeLog.pruneIfDue(connection);
                    logged = changeLog.append(connection, batch.changes());
                    position = logged.isPresent() ? logged.get().position() : ChangeLog.latest(connection);
                }
                if (listener != null && logged.isPresent()) {
                    listener.committing(position);
                }
                connection.commit();
                succeeded = true;
                changeLog.standOn(logged.orElse(null), false);
                return position;
            } catch (SQLException e) {
                throw failed("Cannot commit a batch of " + batch.changes().size() + " changes", e);
            } finally {
                if (!succeeded) {
                    writeConnection.rollbackQuietly();
                }
                if (listener != null && logged.isPresent()) {
                    listener.committed(logged.get().position(), succeeded);
                }
            }
        }

        private StoreException failed(String message, SQLException cause) {
            writeConnection.discardIfBroken(cause);
            return failure(message, cause);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!finished) {
                    writeConnection.rollbackQuietly();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }
}
