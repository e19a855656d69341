package dev.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.model.KeyRecord;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreContractTest;
import dev.meridian.store.StoreException;
import dev.meridian.store.StoreTimeoutException;
import dev.meridian.store.StoreWrite;
import dev.meridian.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What only a shared store does: several stores (as several processes) on one PostgreSQL database see each other's
 * commits, take turns writing, reload after a pruned log or a reset, migrate once, and recover from lost connections;
 * and a write never waits longer than the write lock timeout for a lock another session holds (the write lock another
 * node's hung write holds, or a row): it fails with {@link StoreTimeoutException}, nothing of it stored, and once the
 * holder is done the next write works, on the same store.
 */
class PostgresStoreTest {
    private static final String KEY_ID = "0123abcd-4567-89ef-0011-223344556677";
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);

    private final PostgresSettings database = PostgresTestDatabase.create();
    private final List<PostgresStore> stores = new CopyOnWriteArrayList<>();

    private PostgresStore open() {
        return open(ChangeLogRetention.DEFAULT);
    }

    private PostgresStore open(Duration lockTimeout) {
        return open(ChangeLogRetention.DEFAULT, lockTimeout);
    }

    private PostgresStore open(ChangeLogRetention retention) {
        return open(retention, PostgresStore.DEFAULT_WRITE_LOCK_TIMEOUT);
    }

    private PostgresStore open(ChangeLogRetention retention, Duration lockTimeout) {
        PostgresStore store = PostgresStore.open(database, retention, lockTimeout);
        stores.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(PostgresStore::close);
    }

    @Test
    void twoStoresSeeEachOthersCommitsThroughChangesSince() {
        PostgresStore first = open();
        PostgresStore second = open();
        KeyRecord key = StoreContractTest.key(KEY_ID);
        long start = second.load().position();

        long created = first.commit(new StoreBatch().putKey(key).putMaterial(StoreContractTest.material(key, 1))
                .putGrant(StoreContractTest.grant(key, "a".repeat(64))).putAlias(StoreContractTest.alias("alias/one", key))
                .putEvent(StoreContractTest.event(9, key, null)));
        assertThat(second.changesSince(start)).isEqualTo(StoreChanges.of(created, List.of(
                new StoreChange.KeySnapshot(key, List.of(StoreContractTest.material(key, 1)),
                        List.of(StoreContractTest.grant(key, "a".repeat(64)))),
                new StoreChange.PutAlias(StoreContractTest.alias("alias/one", key)),
                new StoreChange.PutEvent(StoreContractTest.event(9, key, null)))));

        long deleted = second.commit(new StoreBatch().deleteKey(key.reference())
                .deleteAlias(StoreContractTest.ACCOUNT, StoreContractTest.EU, "alias/one").deleteEvent(9));
        assertThat(deleted).isGreaterThan(created);
        assertThat(first.changesSince(created)).isEqualTo(StoreChanges.of(deleted, List.of(
                new StoreChange.DeleteKey(key.reference()),
                new StoreChange.DeleteAlias(StoreContractTest.ACCOUNT, StoreContractTest.EU, "alias/one"),
                new StoreChange.DeleteEvent(9))));
        assertThat(first.changesSince(start).changes()).hasSize(3);
        assertThat(first.changesSince(deleted)).isEqualTo(StoreChanges.none(deleted));
        assertThat(first.load().position()).isEqualTo(deleted);
    }

    @Test
    void theForeignCommitListenerHearsTheOtherStoresCommits() {
        PostgresStore first = open();
        PostgresStore second = open();
        List<Long> heard = new CopyOnWriteArrayList<>();
        second.onForeignCommit(() -> heard.add(second.changesSince(0).position()));

        long created = first.commit(new StoreBatch().putKey(StoreContractTest.key(KEY_ID)));
        await().atMost(AWAIT).until(() -> heard.contains(created));
        long disabled = first.commit(new StoreBatch().putKey(StoreContractTest.key(KEY_ID).toBuilder()
                .state(dev.meridian.model.KeyState.Disabled).build()));
        await().atMost(AWAIT).until(() -> heard.contains(disabled));
    }

    @Test
    void aCommitWhoseNotificationWasMissedIsFoundByThePeriodicCheck() throws SQLException {
        PostgresStore store = open();
        AtomicInteger calls = new AtomicInteger();
        store.onForeignCommit(calls::incrementAndGet);
        await().atMost(AWAIT).until(() -> calls.get() >= 1); // the call after it first listens
        int before = calls.get();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO store_changes (kind, account, region, alias_name)"
                    + " VALUES ('ALIAS', '111122223333', 'eu-west-1', 'alias/unnotified')");
        }
        await().atMost(AWAIT).until(() -> calls.get() > before);
        assertThat(store.changesSince(0).changes()).containsExactly(
                new StoreChange.DeleteAlias(StoreContractTest.ACCOUNT, StoreContractTest.EU, "alias/unnotified"));
    }

    @Test
    void writersOfTwoStoresTakeTurns() throws Exception {
        PostgresStore first = open();
        PostgresStore second = open();
        KeyRecord counter = StoreContractTest.key(KEY_ID).toBuilder().description("0").build();
        first.commit(new StoreBatch().putKey(counter));
        int writersPerStore = 2;
        int incrementsPerWriter = 15;
        ExecutorService threads = Executors.newFixedThreadPool(2 * writersPerStore);
        Set<Long> positions = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (PostgresStore store : List.of(first, second)) {
                for (int writer = 0; writer < writersPerStore; writer++) {
                    writers.add(threads.submit(() -> {
                        go.await();
                        for (int i = 0; i < incrementsPerWriter; i++) {
                            try (StoreWrite write = store.beginWrite()) {
                                KeyRecord current = currentKey(write.changesSince(0));
                                int value = Integer.parseInt(current.description());
                                positions.add(write.commit(new StoreBatch().putKey(
                                        current.toBuilder().description(Integer.toString(value + 1)).build())));
                            }
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        int total = 2 * writersPerStore * incrementsPerWriter;
        assertThat(first.load().keys()).singleElement().extracting(KeyRecord::description)
                .isEqualTo(Integer.toString(total));
        assertThat(positions).hasSize(total);
    }

    private static KeyRecord currentKey(StoreChanges changes) {
        if (changes.reload().isPresent()) {
            return changes.reload().get().keys().get(0);
        }
        return changes.changes().stream().filter(StoreChange.KeySnapshot.class::isInstance)
                .map(change -> ((StoreChange.KeySnapshot) change).key()).findFirst().orElseThrow();
    }

    @Test
    void aCopyOlderThanThePrunedLogOrThanAResetReloads() {
        PostgresStore pruning = open(new ChangeLogRetention(Duration.ZERO, 1));
        PostgresStore other = open();
        KeyRecord key = StoreContractTest.key(KEY_ID);
        long start = other.load().position();
        pruning.commit(new StoreBatch().putKey(key));
        long second = pruning.commit(new StoreBatch().putAlias(StoreContractTest.alias("alias/one", key)));
        long third = pruning.commit(new StoreBatch().putMaterial(StoreContractTest.material(key, 1)));

        StoreChanges changes = other.changesSince(start);
        assertThat(changes.reload()).contains(pruning.load());
        assertThat(changes.position()).isEqualTo(third);
        assertThat(other.changesSince(second).changes()).containsExactly(new StoreChange.KeySnapshot(key,
                List.of(StoreContractTest.material(key, 1)), List.of()));

        long wiped = other.commit(new StoreBatch().deleteEverything());
        long recreated = other.commit(new StoreBatch().putKey(key));
        StoreChanges afterReset = pruning.changesSince(third);
        assertThat(afterReset.reload()).contains(new StoreContents(recreated, List.of(key), List.of(), List.of(),
                List.of(), List.of(), List.of()));
        assertThat(wiped).isGreaterThan(third);
        assertThat(pruning.changesSince(recreated).isEmpty()).isTrue();
    }

    @Test
    void aCopyAheadOfTheDatabaseReloadsWhatTheDatabaseHolds() throws Exception {
        PostgresStore store = open();
        long start = store.load().position();
        KeyRecord kept = StoreContractTest.key(KEY_ID);
        long beforeBackup = store.commit(new StoreBatch().putKey(kept));
        KeyRecord lost = StoreContractTest.key("89abcdef-0123-4567-89ab-cdef01234567");
        long ahead = store.commit(new StoreBatch().putKey(lost));
        restoreBackupTakenAt(beforeBackup, lost); // while the store runs

        StoreChanges changes = store.changesSince(ahead);

        assertThat(changes.position()).isEqualTo(beforeBackup).isGreaterThan(start);
        assertThat(changes.rewound()).isTrue();
        assertThat(changes.reload()).contains(store.load());
        assertThat(changes.reload().orElseThrow().keys()).containsExactly(kept);
        assertThat(store.changesSince(beforeBackup).isEmpty()).isTrue();
    }

    @Test
    void aCopyWhosePositionTheRestoredLogReusedReloadsWhatTheDatabaseHolds() throws Exception {
        PostgresStore store = open();
        PostgresStore other = open();
        store.load();
        KeyRecord kept = StoreContractTest.key(KEY_ID);
        long beforeBackup = store.commit(new StoreBatch().putKey(kept));
        KeyRecord lost = StoreContractTest.key("89abcdef-0123-4567-89ab-cdef01234567");
        long ahead = store.commit(new StoreBatch().putKey(lost));
        // While the stores run; then another node's writes carry the log past the first store's position before it
        // looks again.
        restoreBackupTakenAt(beforeBackup, lost);
        KeyRecord first = StoreContractTest.key("11111111-0123-4567-89ab-cdef01234567");
        KeyRecord second = StoreContractTest.key("22222222-0123-4567-89ab-cdef01234567");
        assertThat(other.commit(new StoreBatch().putKey(first))).isEqualTo(ahead); // the position reused
        long latest = other.commit(new StoreBatch().putKey(second));
        assertThat(latest).isGreaterThan(ahead);

        StoreChanges changes = store.changesSince(ahead);

        assertThat(changes.rewound()).isTrue();
        assertThat(changes.position()).isEqualTo(latest);
        assertThat(changes.reload().orElseThrow().keys()).containsExactlyInAnyOrder(kept, first, second);
        // Standing on the database's log again: what follows is read as usual.
        KeyRecord third = StoreContractTest.key("33333333-0123-4567-89ab-cdef01234567");
        long next = other.commit(new StoreBatch().putKey(third));
        StoreChanges after = store.changesSince(latest);
        assertThat(after.rewound()).isFalse();
        assertThat(after.reload()).isEmpty();
        assertThat(after.position()).isEqualTo(next);
        assertThat(after.changes()).hasSize(1);
        // And a copy whose entry is as it was given is never reloaded.
        assertThat(other.changesSince(next).isEmpty()).isTrue();
    }

    @Test
    void storesOpeningAtOnceMigrateOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<PostgresStore>> opening = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opening.add(threads.submit(() -> {
                    go.await();
                    return open();
                }));
            }
            go.countDown();
            for (Future<PostgresStore> store : opening) {
                store.get(2, TimeUnit.MINUTES).commit(new StoreBatch().putKey(StoreContractTest.key(KEY_ID)));
            }
        } finally {
            threads.shutdownNow();
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT version FROM key_store_schema_version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(PostgresStore.latestVersion());
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefused() throws SQLException {
        open().close();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE key_store_schema_version SET version = 99");
        }
        assertThatThrownBy(() -> PostgresStore.open(database)).isInstanceOf(StoreException.class)
                .hasMessage("Cannot open the key store in " + database)
                .cause().hasMessageContaining("has schema version 99, newer than this Meridian ("
                        + PostgresStore.latestVersion() + ")");
    }

    @Test
    void theStoreRecoversAfterItsConnectionsAreKilled() throws SQLException {
        PostgresStore store = open();
        PostgresStore other = open();
        List<Long> heard = new CopyOnWriteArrayList<>();
        store.onForeignCommit(() -> heard.add(store.changesSince(0).position()));
        KeyRecord key = StoreContractTest.key(KEY_ID);
        store.commit(new StoreBatch().putKey(key));
        store.load();
        await().atMost(AWAIT).until(() -> !heard.isEmpty());

        terminateOtherSessions();

        long position = store.commit(new StoreBatch().putAlias(StoreContractTest.alias("alias/after", key)));
        assertThat(store.load().aliases()).containsExactly(StoreContractTest.alias("alias/after", key));
        assertThat(store.changesSince(position).isEmpty()).isTrue();
        long foreign = other.commit(new StoreBatch().deleteAlias(StoreContractTest.ACCOUNT, StoreContractTest.EU, "alias/after"));
        await().atMost(AWAIT).until(() -> heard.contains(foreign));
    }

    @Test
    void whileTheDatabaseRefusesConnectionsTheStoreFailsAndRecoversByItselfAfter() throws SQLException {
        PostgresStore store = open();
        KeyRecord key = StoreContractTest.key(KEY_ID);
        store.commit(new StoreBatch().putKey(key));
        try {
            allowConnections(false);
            terminateOtherSessions();
            assertThatThrownBy(() -> store.commit(new StoreBatch().putAlias(StoreContractTest.alias("alias/down", key))))
                    .isInstanceOf(StoreException.class).hasMessage("Cannot take the store's write lock");
            assertThatThrownBy(store::load).isInstanceOf(StoreException.class).hasMessage("Cannot read the store");
            assertThatThrownBy(() -> store.changesSince(0)).isInstanceOf(StoreException.class)
                    .hasMessage("Cannot read the store's changes");
        } finally {
            allowConnections(true);
        }
        store.commit(new StoreBatch().putAlias(StoreContractTest.alias("alias/up", key)));
        assertThat(store.load().aliases()).containsExactly(StoreContractTest.alias("alias/up", key));
    }

    @Test
    void anUnreachableDatabaseIsAStoreExceptionThatHidesThePassword() {
        PostgresSettings unreachable = PostgresSettings.of("jdbc:postgresql://localhost:1/meridian?user=u&password=s3cret"
                + "&connectTimeout=2");
        assertThatThrownBy(() -> PostgresStore.open(unreachable)).isInstanceOf(StoreException.class)
                .hasMessage("Cannot open the key store in jdbc:postgresql://localhost:1/meridian?user=u&password=***"
                        + "&connectTimeout=2")
                .satisfies(error -> assertThat(stackText(error)).doesNotContain("s3cret"));
    }

    private static String stackText(Throwable error) {
        java.io.StringWriter text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    /** Ends every session on the test's database but the one asking (the stores' and their listeners'). */
    @Test
    void aWriteLockHeldElsewhereFailsTheWriteWithinTheTimeoutAndTheNextWriteWorksOnceItIsFree() throws SQLException {
        PostgresStore store = open(LOCK_TIMEOUT);
        long start = store.load().position();
        KeyRecord key = StoreContractTest.key(KEY_ID);
        StoreBatch batch = new StoreBatch().putKey(key).putAlias(StoreContractTest.alias("alias/waiting", key));
        try (Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + PostgresStore.WRITE_LOCK + ")");
            }
            long began = System.nanoTime();
            assertThatThrownBy(() -> store.commit(batch)).isInstanceOf(StoreTimeoutException.class)
                    .hasMessage("Cannot take the store's write lock: no lock within 500 ms (another write holds it)");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(LOCK_TIMEOUT, AWAIT);
            assertThat(store.changesSince(start)).isEqualTo(StoreChanges.none(start));
            assertThat(store.load().keys()).isEmpty();
            holder.rollback(); // the holder's transaction ends: the lock is free
        }

        long committed = store.commit(batch);
        assertThat(committed).isGreaterThan(start);
        assertThat(store.load().keys()).containsExactly(key);
        assertThat(store.load().aliases()).containsExactly(StoreContractTest.alias("alias/waiting", key));
    }

    @Test
    void aNodeWhoseWriteHangsHoldingTheLockDelaysAnotherNodesWriteByTheTimeoutAtMost() {
        PostgresStore hung = open(LOCK_TIMEOUT);
        PostgresStore other = open(LOCK_TIMEOUT);
        KeyRecord key = StoreContractTest.key(KEY_ID);
        KeyRecord otherKey = StoreContractTest.key("99999999-4567-89ef-0011-223344556677");
        try (StoreWrite held = hung.beginWrite()) {
            long began = System.nanoTime();
            assertThatThrownBy(() -> other.commit(new StoreBatch().putKey(otherKey)))
                    .isInstanceOf(StoreTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(LOCK_TIMEOUT, AWAIT);
            held.commit(new StoreBatch().putKey(key)); // the holder's own write is unharmed
        }
        other.commit(new StoreBatch().putKey(otherKey));
        assertThat(other.load().keys()).containsExactlyInAnyOrder(key, otherKey);
    }

    @Test
    void aWriteOfThisProcessThatHangsDelaysItsOtherWritesByTheTimeoutAtMost() throws Exception {
        PostgresStore store = open(LOCK_TIMEOUT);
        assertThat(store.writeWaitLimit()).contains(LOCK_TIMEOUT);
        KeyRecord key = StoreContractTest.key(KEY_ID);
        KeyRecord otherKey = StoreContractTest.key("99999999-4567-89ef-0011-223344556677");
        ExecutorService otherThread = Executors.newSingleThreadExecutor();
        try (StoreWrite held = store.beginWrite()) {
            long began = System.nanoTime();
            Future<Long> other = otherThread.submit(() -> store.commit(new StoreBatch().putKey(otherKey)));
            assertThatThrownBy(() -> other.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(StoreTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(LOCK_TIMEOUT, AWAIT);
            held.commit(new StoreBatch().putKey(key)); // the holder's own write is unharmed
        } finally {
            otherThread.shutdown();
        }
        store.commit(new StoreBatch().putKey(otherKey));
        assertThat(store.load().keys()).containsExactlyInAnyOrder(key, otherKey);
    }

    @Test
    void aWriteThatWaitedForThisProcessesConnectionWaitsForTheDatabasesLockOnlyWhatIsLeftOfTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(1000);
        Duration turn = Duration.ofMillis(800);
        PostgresStore store = open(timeout);
        KeyRecord key = StoreContractTest.key(KEY_ID);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            Future<Long> other;
            Future<?> holding;
            long began;
            StoreWrite held = store.beginWrite(); // this process's write: its connection and the database's lock
            try {
                // Another process asks for the database's lock next; it gets it when this write ends.
                holding = threads.submit(() -> {
                    try (Statement statement = holder.createStatement()) {
                        statement.execute("SELECT pg_advisory_xact_lock(" + PostgresStore.WRITE_LOCK + ")");
                    }
                    return null;
                });
                await().atMost(AWAIT).until(() -> waitingForTheWriteLock() == 1);
                began = System.nanoTime();
                other = threads.submit(() -> store.commit(new StoreBatch().putKey(key)));
                // Still waiting for this process's connection after its turn's 800 ms.
                assertThatThrownBy(() -> other.get(turn.toMillis(), TimeUnit.MILLISECONDS))
                        .isInstanceOf(java.util.concurrent.TimeoutException.class);
            } finally {
                held.close();
            }
            holding.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS); // the other process now holds the lock
            // The database's lock is waited for only the 200 ms left: refused at the timeout, not the timeout plus
            // the turn.
            // (On a machine slow enough to hold this write past the deadline, it is refused waiting for its turn.)
            assertThatThrownBy(() -> other.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(StoreTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(timeout, timeout.plus(turn.dividedBy(2)));
            holder.rollback();
        } finally {
            threads.shutdownNow();
        }
        store.commit(new StoreBatch().putKey(key)); // once the lock is free, the same write works
        assertThat(store.load().keys()).containsExactly(key);
    }

    /**
     * Puts the database back to a backup taken at {@code position}: {@code lost}, written after it, is gone, and so
     * are the log's later rows; the log's positions start again after {@code position} (its identity comes back).
     */
    private void restoreBackupTakenAt(long position, KeyRecord lost) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM keys WHERE key_id = '" + lost.reference().keyId().value() + "'");
            statement.execute("DELETE FROM store_changes WHERE position > " + position);
            statement.execute("ALTER TABLE store_changes ALTER COLUMN position RESTART WITH " + (position + 1));
        }
    }

    /** How many sessions wait for the write lock (not granted yet). */
    private long waitingForTheWriteLock() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                java.sql.ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND NOT granted")) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void aRowLockedElsewhereFailsTheCommitWithinTheTimeoutAndLeavesTheRowAsItWas() throws SQLException {
        PostgresStore store = open(LOCK_TIMEOUT);
        KeyRecord key = StoreContractTest.key(KEY_ID);
        store.commit(new StoreBatch().putKey(key));
        KeyRecord described = key.toBuilder().description("changed").build();
        try (Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement statement = holder.prepareStatement("SELECT 1 FROM keys WHERE key_id = ? FOR UPDATE")) {
                statement.setString(1, KEY_ID);
                statement.executeQuery().close();
            }
            assertThatThrownBy(() -> store.commit(new StoreBatch().putKey(described)))
                    .isInstanceOf(StoreTimeoutException.class)
                    .hasMessage("Cannot commit a batch of 1 changes: no lock within 500 ms (another write holds it)");
            assertThat(store.load().keys()).containsExactly(key);
            holder.rollback();
        }
        store.commit(new StoreBatch().putKey(described));
        assertThat(store.load().keys()).containsExactly(described);
    }

    @Test
    void aTimeoutOutsideTheConnectionsRangeIsRefused() {
        assertThatThrownBy(() -> PostgresStore.open(database, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The write lock timeout must be at least 1ms and less than 60000ms, not 0ms");
        assertThatThrownBy(() -> PostgresStore.open(database, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The write lock timeout must be at least 1ms and less than 60000ms, not 60000ms");
    }

    private void terminateOtherSessions() throws SQLException {
        try (Connection connection = PostgresTestDatabase.server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + databaseName() + "' AND pid <> pg_backend_pid()");
        }
    }

    private void allowConnections(boolean allowed) throws SQLException {
        try (Connection connection = PostgresTestDatabase.server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + databaseName() + " ALLOW_CONNECTIONS " + allowed);
        }
    }

    private String databaseName() {
        String url = database.jdbcUrl();
        return url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    }
}
