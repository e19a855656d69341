package dev.meridian.audit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.audit.AuditEvent;
import dev.meridian.audit.AuditPage;
import dev.meridian.audit.AuditPosition;
import dev.meridian.audit.AuditQuery;
import dev.meridian.audit.AuditStore;
import dev.meridian.audit.AuditStoreContractTest;
import dev.meridian.audit.BatchingAuditLog;
import dev.meridian.audit.StoredAuditRecord;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit store contract on PostgreSQL, and what only a store shared by several nodes must do. */
class PostgresAuditStoreTest extends AuditStoreContractTest {
    private PostgresSettings database;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @Override
    protected AuditStore openStorage() {
        return PostgresAuditStore.open(database);
    }

    private static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = threads.invokeAll(tasks);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static final Comparator<AuditPosition> NEWEST_FIRST = Comparator.comparing(AuditPosition::eventTime)
            .thenComparingLong(AuditPosition::sequence).reversed();

    @Test
    void twoNodesAppendingAtOnceShareOneTrailInOneOrder() throws Exception {
        AuditStore nodeA = open();
        AuditStore nodeB = open();
        CyclicBarrier start = new CyclicBarrier(2);
        List<Callable<Void>> appenders = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            AuditStore store = node == 0 ? nodeA : nodeB;
            int parity = node;
            appenders.add(() -> {
                start.await();
                for (int batch = 0; batch < 40; batch++) {
                    // Node A has the even numbers, node B the odd ones: their batches interleave in time.
                    int first = batch * 50;
                    store.append(IntStream.range(first, first + 50).filter(number -> number % 2 == parity)
                            .mapToObj(number -> event(number, "us-east-1")).toList());
                }
                return null;
            });
        }
        inParallel(appenders);

        List<StoredAuditRecord> seenByA = all(nodeA, after -> new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, after));
        List<StoredAuditRecord> seenByB = all(nodeB, after -> new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 7, after));
        assertThat(keys(seenByA)).as("every record of both nodes, newest first by event time")
                .isEqualTo(IntStream.iterate(1_999, number -> number - 1).limit(2_000).mapToObj(number -> "key-" + number).toList());
        assertThat(keys(seenByB)).isEqualTo(keys(seenByA));
        assertThat(seenByA.stream().map(StoredAuditRecord::position).toList()).isSortedAccordingTo(NEWEST_FIRST)
                .doesNotHaveDuplicates().isEqualTo(seenByB.stream().map(StoredAuditRecord::position).toList());
    }

    @Test
    void aNextTokenStaysValidWhileAnotherNodeAppendsAndLateRecordsTakeTheirPlaceInTime() {
        AuditStore nodeA = open();
        AuditStore nodeB = open();
        nodeA.append(batch(10, 10, "us-east-1"));
        AuditPage first = nodeA.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 4, null));
        assertThat(keys(first.records())).containsExactly("key-19", "key-18", "key-17", "key-16");

        nodeB.append(batch(20, 5, "us-east-1"));
        nodeB.append(List.of(event(5, "us-east-1"), event(14, "us-east-1")));
        List<String> rest = new ArrayList<>();
        AuditPage page = first;
        while (page.next() != null) {
            AuditPosition after = page.next();
            page = nodeA.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 4, after));
            rest.addAll(keys(page.records()));
        }
        assertThat(rest).as("after the first page: nothing newer, nothing twice, the late records in their place")
                .containsExactly("key-15", "key-14", "key-14", "key-13", "key-12", "key-11", "key-10", "key-5");
        assertThat(everyKey(nodeB, "us-east-1", 50)).hasSize(17).startsWith("key-24").endsWith("key-10", "key-5");
    }

    @Test
    void anAttributeWithoutAnIndexIsMatchedOnBoundedReadsThatGoOnWhereTheyStopped() {
        try (PostgresAuditStore store = PostgresAuditStore.open(database, 2)) {
            for (int number = 0; number < 7; number++) {
                store.append(List.of(event(number, "us-east-1"), event(number + 100, "eu-west-1")));
            }
            AuditQuery.Attribute oldest = new AuditQuery.Attribute(AuditQuery.Key.AccessKeyId, "AKID0");
            List<Integer> pageSizes = new ArrayList<>();
            List<String> found = new ArrayList<>();
            AuditPage page = null;
            do {
                page = store.lookup(new AuditQuery(ACCOUNT, "us-east-1", oldest, null, null, 50, page == null ? null : page.next()));
                pageSizes.add(page.records().size());
                found.addAll(keys(page.records()));
            } while (page.next() != null);
            assertThat(pageSizes).as("two records read a call, seven records").containsExactly(0, 0, 0, 1);
            assertThat(found).containsExactly("key-0");

            AuditQuery.Attribute root = new AuditQuery.Attribute(AuditQuery.Key.Username, "root");
            assertThat(keys(all(store, after -> new AuditQuery(ACCOUNT, "us-east-1", root, null, null, 1, after))))
                    .containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1", "key-0");
            assertThat(keys(all(store, after -> new AuditQuery(ACCOUNT, null, new AuditQuery.Attribute(
                    AuditQuery.Key.ResourceType, "AWS::KMS::Key"), T0.plusSeconds(5), null, 50, after))))
                    .as("every Region, from a start time").containsExactly("key-106", "key-105", "key-104", "key-103",
                            "key-102", "key-101", "key-100", "key-6", "key-5");
        }
    }

    @Test
    void aBatchStoredAgainAfterALostAcknowledgementAddsNothing() {
        AuditStore store = open();
        List<AuditEvent> events = batch(0, 3, "us-east-1");
        store.append(events);
        store.append(events);
        store.append(List.of(events.get(2), event(3, "us-east-1")));
        assertThat(everyKey(store, "us-east-1", 50)).containsExactly("key-3", "key-2", "key-1", "key-0");
    }

    @Test
    void twoNodesPruningAtOnceDeleteEachOldRecordOnce() throws Exception {
        AuditStore nodeA = open();
        AuditStore nodeB = open();
        int old = PostgresAuditStore.PRUNE_ROUND * 2 + 500;
        for (int first = 0; first < old; first += 2_000) {
            nodeA.append(batch(first, Math.min(2_000, old - first), "us-east-1"));
        }
        nodeB.append(batch(old, 10, "us-east-1"));
        CyclicBarrier start = new CyclicBarrier(2);
        List<Integer> deleted = inParallel(List.of(nodeA, nodeB).stream().<Callable<Integer>>map(node -> () -> {
            start.await();
            return node.prune(T0.plusSeconds(old));
        }).toList());
        assertThat(deleted.get(0) + deleted.get(1)).as("deleted by %s", deleted).isEqualTo(old);
        assertThat(nodeA.prune(T0.plusSeconds(old))).isZero();
        assertThat(everyKey(nodeB, "us-east-1", 50)).hasSize(10).startsWith("key-" + (old + 9)).endsWith("key-" + old);
    }

    @Test
    void aNodePruningWhileAnotherHoldsTheLockSkips() throws Exception {
        AuditStore store = open();
        store.append(batch(0, 5, "us-east-1"));
        try (Connection other = database.connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(" + PostgresAuditStore.PRUNE_LOCK + ")");
            assertThat(store.prune(T0.plusSeconds(3))).as("another node is pruning").isZero();
            other.rollback();
        }
        assertThat(store.prune(T0.plusSeconds(3))).isEqualTo(3);
    }

    private void killConnections() throws SQLException {
        try (Connection admin = database.connect(); Statement statement = admin.createStatement();
                ResultSet killed = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            int count = 0;
            while (killed.next()) {
                count++;
            }
            assertThat(count).as("connections killed").isPositive();
        }
    }

    @Test
    void afterItsConnectionsAreKilledTheStoreConnectsAgain() throws Exception {
        AuditStore store = open();
        store.append(batch(0, 3, "us-east-1"));
        assertThat(everyKey(store, "us-east-1", 50)).hasSize(3);
        killConnections();

        assertThat(everyKey(store, "us-east-1", 50)).as("a lookup retries at once on a new connection").hasSize(3);
        try {
            store.append(batch(3, 3, "us-east-1"));
        } catch (IllegalStateException brokenConnection) {
            assertThat(brokenConnection).hasMessageStartingWith("Cannot store audit records in " + database);
            store.append(batch(3, 3, "us-east-1"));
        }
        killConnections();
        try {
            store.prune(T0);
        } catch (IllegalStateException brokenConnection) {
            assertThat(store.prune(T0)).isZero();
        }
        store.append(batch(6, 1, "us-east-1"));
        assertThat(everyKey(store, "us-east-1", 2)).containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1",
                "key-0");
    }

    /** Closes the test database to new connections and ends those it has: the database is down for Meridian. */
    private void databaseDown(boolean down) throws SQLException {
        String name = database.jdbcUrl().replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection admin = PostgresTestDatabase.server().getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + !down);
            if (down) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }

    @Test
    void theBatchingLogKeepsRecordsQueuedWhileTheDatabaseIsDownAndStoresThemAllInOrderWhenItIsBack() throws Exception {
        AuditStore store = open();
        try (BatchingAuditLog log = new BatchingAuditLog(store, 10_000, 100, Duration.ofMillis(20))) {
            for (int number = 0; number < 50; number++) {
                log.record(event(number, "us-east-1"));
            }
            assertThat(everyKey(log::lookup, 50)).hasSize(50);

            databaseDown(true);
            for (int number = 50; number < 300; number++) {
                log.record(event(number, "us-east-1"));
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(
                    () -> log.lookup(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, 50, null)))
                    .isInstanceOf(IllegalStateException.class));
            assertThat(log.queuedRecords()).as("kept queued").isPositive();

            databaseDown(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> log.queuedRecords() == 0);
            assertThat(everyKey(log::lookup, 50)).as("all of them, once, newest first")
                    .isEqualTo(IntStream.iterate(299, number -> number - 1).limit(300).mapToObj(number -> "key-" + number)
                            .toList());
        } finally {
            databaseDown(false);
        }
    }

    private static List<String> everyKey(java.util.function.Function<AuditQuery, AuditPage> lookup, int pageSize) {
        List<String> all = new ArrayList<>();
        AuditPage page = lookup.apply(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, pageSize, null));
        all.addAll(keys(page.records()));
        while (page.next() != null) {
            page = lookup.apply(new AuditQuery(ACCOUNT, "us-east-1", null, null, null, pageSize, page.next()));
            all.addAll(keys(page.records()));
        }
        return all;
    }

    @Test
    void severalNodesStartingAtOnceMigrateTheSchemaOnce() throws Exception {
        CyclicBarrier start = new CyclicBarrier(3);
        List<AuditStore> stores = inParallel(IntStream.range(0, 3).<Callable<AuditStore>>mapToObj(node -> () -> {
            start.await();
            return open();
        }).toList());
        stores.get(0).append(batch(0, 1, "us-east-1"));
        assertThat(everyKey(stores.get(2), "us-east-1", 50)).containsExactly("key-0");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet versions = statement.executeQuery("SELECT version FROM " + PostgresAuditStore.VERSION_TABLE)) {
            assertThat(versions.next()).isTrue();
            assertThat(versions.getInt(1)).isEqualTo(1);
            assertThat(versions.next()).isFalse();
        }
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedAndNoErrorShowsThePassword() throws Exception {
        open().close();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE " + PostgresAuditStore.VERSION_TABLE + " SET version = 99");
        }
        assertThatThrownBy(() -> PostgresAuditStore.open(database)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot open the audit trail in " + database
                        + ": The audit trail has schema version 99, newer than this Meridian (1)");

        PostgresSettings missing = PostgresSettings.of(database.jdbcUrl().replaceAll("/meridian_[^?]*", "/no_such_database")
                + "&password=hunter2");
        assertThatThrownBy(() -> PostgresAuditStore.open(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot open the audit trail in " + missing)
                .hasMessageContaining("password=***").hasMessageNotContaining("hunter2");
        try (PostgresAuditStore store = PostgresAuditStore.open(
                PostgresTestDatabase.create().withPassword("hunter2".toCharArray()))) {
            assertThat(store.toString()).doesNotContain("hunter2");
        }
    }
}
