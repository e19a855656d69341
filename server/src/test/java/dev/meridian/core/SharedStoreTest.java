package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.crypto.RootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyState;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.ForwardingStore;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.postgres.PostgresStore;
import dev.meridian.testing.PostgresTestDatabase;
import dev.meridian.testing.StoppedClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (each its own {@link PostgresStore}, registry and core components) on one PostgreSQL database behave
 * as one service, below HTTP: what one commits the other answers from (a miss looks in the database at once; a
 * change to a key it holds arrives through the store's notification), and races for a name or a Region are
 * decided once, by the database's write lock: one node wins, the other gets AWS's error.
 */
class SharedStoreTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Region REGION = Region.of("eu-west-1");
    private static final RequestContext CALLER = RequestContext.root(ACCOUNT, REGION);
    private static final Duration AWAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    private final StoppedClock clock = new StoppedClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final PostgresSettings database = PostgresTestDatabase.create();
    private Node first;
    private Node second;

    /** One node's core over its own store on the shared database. */
    private final class Node implements AutoCloseable {
        final PostgresStore store;
        final KeyRegistry registry;
        final KeyLifecycle lifecycle;
        final Aliases aliases;
        final MultiRegion multiRegion;

        Node(RootKey rootKey) {
            store = PostgresStore.open(database);
            registry = KeyRegistry.load(store, rootKey);
            AwsManagedKeys awsManagedKeys = new AwsManagedKeys(registry, clock);
            lifecycle = new KeyLifecycle(registry, clock, 100, awsManagedKeys);
            aliases = new Aliases(registry, clock, awsManagedKeys);
            multiRegion = new MultiRegion(registry, lifecycle, clock, Duration.ofSeconds(2));
        }

        String createKey(boolean multiRegion) {
            return lifecycle.createKey(CALLER, new CreateKeyRequest(null, null, null, null, null, multiRegion, null, false,
                    null)).record().reference().keyId().value();
        }

        KeyState state(String keyId) {
            return lifecycle.describeKey(CALLER, keyId).record().state();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @BeforeEach
    void startTwoNodes() {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        first = new Node(rootKey);
        second = new Node(rootKey);
    }

    @AfterEach
    void stopNodes() {
        first.close();
        second.close();
    }

    @Test
    void aKeyOrAliasCreatedOnOneNodeIsFoundOnTheOtherAtOnce() {
        String keyId = first.createKey(false);
        assertThat(second.state(keyId)).isEqualTo(KeyState.Enabled);

        first.aliases.createAlias(CALLER, "alias/fresh", keyId);
        assertThat(second.lifecycle.describeKey(CALLER, "alias/fresh").record().reference().keyId().value())
                .isEqualTo(keyId);
    }

    @Test
    void aMissFindsTheKeyWhenTheListenerAppliedItWhileTheMissReadTheStore() {
        AtomicReference<KeyRegistry> registry = new AtomicReference<>();
        AtomicBoolean listenerFirst = new AtomicBoolean();
        try (ForwardingStore racing = new ForwardingStore(PostgresStore.open(database)) {
            @Override
            public StoreChanges changesSince(long position) {
                StoreChanges changes = super.changesSince(position);
                if (listenerFirst.compareAndSet(true, false)) {
                    registry.get().catchUp(); // the store's listener applies the same changes first
                }
                return changes;
            }
        }) {
            registry.set(KeyRegistry.load(racing, FileRootKey.loadOrCreate(folder.resolve("root.key"))));
            KeyLifecycle lifecycle = new KeyLifecycle(registry.get(), clock, 100, new AwsManagedKeys(registry.get(), clock));
            String keyId = first.createKey(false);
            listenerFirst.set(true);
            assertThat(lifecycle.describeKey(CALLER, keyId).record().state()).isEqualTo(KeyState.Enabled);
            assertThat(listenerFirst).isFalse();
        }
    }

    @Test
    void aWriteDoesNotUndoWhatTheListenerAppliedFromALaterCommitOfAnotherNode() {
        AtomicReference<KeyRegistry> registry = new AtomicReference<>();
        AtomicReference<String> disableAfterCommit = new AtomicReference<>();
        try (ForwardingStore racing = new ForwardingStore(PostgresStore.open(database)) {
            @Override
            protected void afterCommit(dev.meridian.store.StoreBatch batch) {
                String keyId = disableAfterCommit.getAndSet(null);
                if (keyId != null) { // between this commit and its showing: another node commits, the listener applies it
                    first.lifecycle.disableKey(CALLER, keyId);
                    registry.get().catchUp();
                }
            }
        }) {
            registry.set(KeyRegistry.load(racing, FileRootKey.loadOrCreate(folder.resolve("root.key"))));
            KeyLifecycle lifecycle = new KeyLifecycle(registry.get(), clock, 100, new AwsManagedKeys(registry.get(), clock));
            String keyId = first.createKey(false);
            disableAfterCommit.set(keyId);
            lifecycle.updateKeyDescription(CALLER, keyId, "described");

            assertThat(disableAfterCommit).hasNullValue();
            for (KeyLifecycle node : List.of(lifecycle, first.lifecycle)) {
                assertThat(node.describeKey(CALLER, keyId).record()).extracting(KeyRecord::state, KeyRecord::description)
                        .containsExactly(KeyState.Disabled, "described");
            }
        }
    }

    @Test
    void aKeyDisabledOnOneNodeIsDisabledOnTheOther() {
        String keyId = first.createKey(false);
        assertThat(second.state(keyId)).isEqualTo(KeyState.Enabled);

        first.lifecycle.disableKey(CALLER, keyId);
        await().atMost(AWAIT).until(() -> second.state(keyId) == KeyState.Disabled);

        second.lifecycle.enableKey(CALLER, keyId);
        await().atMost(AWAIT).until(() -> first.state(keyId) == KeyState.Enabled);
    }

    @Test
    void anAliasDeletedOnOneNodeStopsResolvingOnTheOther() {
        String keyId = first.createKey(false);
        first.aliases.createAlias(CALLER, "alias/short-lived", keyId);
        assertThat(second.state("alias/short-lived")).isEqualTo(KeyState.Enabled);

        first.aliases.deleteAlias(CALLER, "alias/short-lived");
        await().atMost(AWAIT).until(() -> second.registry.alias(ACCOUNT, REGION, "alias/short-lived") == null);
        CoreFixture.assertRefused(() -> second.state("alias/short-lived"), ErrorCode.NOT_FOUND,
                "Alias arn:aws:kms:eu-west-1:111122223333:alias/short-lived is not found.");
    }

    @Test
    void aDatabaseRestoredFromABackupWhileTheNodesRunIsWhatTheyServe() throws Exception {
        String kept = first.createKey(false);
        long backup = first.registry.position();
        String lost = first.createKey(false);
        assertThat(second.state(lost)).isEqualTo(KeyState.Enabled);
        // The database put back to the backup: the later key and its log rows are gone; both nodes are ahead of it.
        try (java.sql.Connection connection = database.connect();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM keys WHERE key_id = '" + lost + "'");
            statement.execute("DELETE FROM store_changes WHERE position > " + backup);
        }

        for (Node node : List.of(first, second)) {
            // The store's check of the log's position (every 500 ms) finds it went back, and the node reloads.
            await().atMost(AWAIT).until(() -> node.registry.position() == backup);
            CoreFixture.assertRefused(() -> node.state(lost), ErrorCode.NOT_FOUND,
                    "Key 'arn:aws:kms:eu-west-1:111122223333:key/" + lost + "' does not exist");
            assertThat(node.state(kept)).isEqualTo(KeyState.Enabled);
        }
        // Writes go on from the restored state, and each node sees the other's.
        String next = second.createKey(false);
        await().atMost(AWAIT).untilAsserted(() -> assertThat(first.state(next)).isEqualTo(KeyState.Enabled));
    }

    @Test
    void twoNodesCreatingTheSameAliasAtOnceGiveItToOneAndAwsErrorToTheOther() throws Exception {
        String keyId = first.createKey(false);
        second.state(keyId);
        for (int round = 0; round < 5; round++) {
            String name = "alias/race-" + round;
            List<Outcome> outcomes = race(() -> {
                first.aliases.createAlias(CALLER, name, keyId);
                return null;
            }, () -> {
                second.aliases.createAlias(CALLER, name, keyId);
                return null;
            });
            assertOneWinsAndTheOtherIs(outcomes, ErrorCode.ALREADY_EXISTS,
                    "An alias with the name arn:aws:kms:eu-west-1:111122223333:" + name + " already exists");
            assertThat(first.registry.alias(ACCOUNT, REGION, name)).isNotNull();
            assertThat(second.registry.alias(ACCOUNT, REGION, name)).isNotNull();
        }
    }

    @Test
    void twoNodesReplicatingAKeyIntoTheSameRegionAtOnceMakeOneReplica() throws Exception {
        for (String replicaRegion : List.of("us-east-1", "us-west-2", "ap-south-1")) {
            String keyId = first.createKey(true);
            ReplicateKeyRequest request = new ReplicateKeyRequest(keyId, replicaRegion, null, false, null, null);
            List<Outcome> outcomes = race(() -> first.multiRegion.replicateKey(CALLER, request),
                    () -> second.multiRegion.replicateKey(CALLER, request));
            assertOneWinsAndTheOtherIs(outcomes, ErrorCode.ALREADY_EXISTS, MultiRegion.ONE_REPLICA_PER_REGION);
            assertThat(first.registry.familyRegions(ACCOUNT, new dev.meridian.model.KeyId(keyId)))
                    .containsExactlyInAnyOrder(REGION, Region.of(replicaRegion));
            assertThat(second.registry.familyRegions(ACCOUNT, new dev.meridian.model.KeyId(keyId)))
                    .containsExactlyInAnyOrder(REGION, Region.of(replicaRegion));
        }
    }

    private record Outcome(boolean succeeded, KmsException error) {
    }

    /** Runs both calls at once (as far as two threads can) and returns how each ended. */
    private static List<Outcome> race(Callable<?> one, Callable<?> other) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Callable<?> call : List.of(one, other)) {
                futures.add(threads.submit(() -> {
                    go.await();
                    try {
                        call.call();
                        return new Outcome(true, null);
                    } catch (KmsException e) {
                        return new Outcome(false, e);
                    }
                }));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(1, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assertOneWinsAndTheOtherIs(List<Outcome> outcomes, ErrorCode code, String message) {
        assertThat(outcomes).filteredOn(Outcome::succeeded).hasSize(1);
        Outcome lost = outcomes.stream().filter(outcome -> !outcome.succeeded()).findFirst().orElseThrow();
        assertThat(lost.error().code()).isEqualTo(code);
        assertThat(lost.error().getMessage()).isEqualTo(message);
    }
}
