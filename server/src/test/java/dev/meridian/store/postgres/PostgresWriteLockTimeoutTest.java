package dev.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeyRecord;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreContractTest;
import dev.meridian.store.StoreTimeoutException;
import dev.meridian.store.StoreWrite;
import dev.meridian.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write never waits longer than the store's write lock timeout for a lock another session holds (the write lock
 * another node's hung write holds, or a row): it fails with {@link StoreTimeoutException}, nothing of it is stored,
 * and once the holder is done the next write works, on the same store.
 */
class PostgresWriteLockTimeoutTest {
    private static final String KEY_ID = "0123abcd-4567-89ef-0011-223344556677";
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
    /** The longest a timed-out write may take on a loaded machine: far below the 60 s of the network timeout. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final PostgresSettings database = PostgresTestDatabase.create();
    private final List<PostgresStore> stores = new CopyOnWriteArrayList<>();

    private PostgresStore open() {
        PostgresStore store = PostgresStore.open(database, LOCK_TIMEOUT);
        stores.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(PostgresStore::close);
    }

    @Test
    void aWriteLockHeldElsewhereFailsTheWriteWithinTheTimeoutAndTheNextWriteWorksOnceItIsFree() throws SQLException {
        PostgresStore store = open();
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
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(LOCK_TIMEOUT, BOUND);
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
        PostgresStore hung = open();
        PostgresStore other = open();
        KeyRecord key = StoreContractTest.key(KEY_ID);
        KeyRecord otherKey = StoreContractTest.key("99999999-4567-89ef-0011-223344556677");
        try (StoreWrite held = hung.beginWrite()) {
            long began = System.nanoTime();
            assertThatThrownBy(() -> other.commit(new StoreBatch().putKey(otherKey)))
                    .isInstanceOf(StoreTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(LOCK_TIMEOUT, BOUND);
            held.commit(new StoreBatch().putKey(key)); // the holder's own write is unharmed
        }
        other.commit(new StoreBatch().putKey(otherKey));
        assertThat(other.load().keys()).containsExactlyInAnyOrder(key, otherKey);
    }

    @Test
    void aRowLockedElsewhereFailsTheCommitWithinTheTimeoutAndLeavesTheRowAsItWas() throws SQLException {
        PostgresStore store = open();
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
}
