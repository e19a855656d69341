package dev.meridian.core;

import dev.meridian.crypto.FileRootKey;
import dev.meridian.crypto.RootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import dev.meridian.testing.StoppedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The core's real components over an {@link InMemoryStore}, a root key in a temporary file and a clock that
 * stands still until a test moves it: for unit tests of the core's rules, below HTTP, in milliseconds. The
 * service events the components publish are collected in {@link #serviceEvents}. {@link #restart()} loads a
 * new registry from the same store, as a restarted server would.
 */
final class CoreFixture implements AutoCloseable {
    static final AccountId ACCOUNT = AccountId.of("111122223333");
    static final Duration REPLICATION_DELAY = Duration.ofSeconds(2);
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    final StoppedClock clock;
    final InMemoryStore store;
    final List<ServiceEvent> serviceEvents = new CopyOnWriteArrayList<>();
    private final Path folder;
    final RootKey rootKey;
    KeyRegistry registry;
    KeyLifecycle lifecycle;
    MultiRegion multiRegion;
    Rotation rotation;
    Replicator replicator;
    ReplicationControl replication;
    KeyPolicyOperations policies;

    CoreFixture() {
        this(new InMemoryStore());
    }

    CoreFixture(InMemoryStore store) {
        this(store, null, new StoppedClock(START));
    }

    private CoreFixture(InMemoryStore store, RootKey sharedRootKey, StoppedClock clock) {
        this.store = store;
        this.clock = clock;
        try {
            folder = Files.createTempDirectory("meridian-core-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rootKey = sharedRootKey != null ? sharedRootKey : FileRootKey.loadOrCreate(folder.resolve("root.key"));
        restart();
    }

    /**
     * Another process serving from this fixture's store (create it with {@link InMemoryStore#shared()}), with the
     * same root key and clock: its own registry and components, which learn of this one's commits as a node does.
     */
    CoreFixture anotherNode() {
        return new CoreFixture(store, rootKey, clock);
    }

    /** New components over what the store holds, as after a restart. */
    void restart() {
        registry = KeyRegistry.load(store, rootKey);
        lifecycle = new KeyLifecycle(registry, clock, 100, new AwsManagedKeys(registry, clock));
        multiRegion = new MultiRegion(registry, lifecycle, clock, REPLICATION_DELAY);
        rotation = new Rotation(registry, clock, REPLICATION_DELAY, serviceEvents::add);
        replication = new ReplicationControl(registry);
        replicator = new Replicator(registry, clock, serviceEvents::add, replication);
        replication.onResume(replicator::applyDueEvents);
        policies = new KeyPolicyOperations(registry);
    }

    static RequestContext caller(String region) {
        return RequestContext.root(ACCOUNT, Region.of(region));
    }

    static KeyReference reference(String region, String keyId) {
        return new KeyReference(ACCOUNT, Region.of(region), new dev.meridian.model.KeyId(keyId));
    }

    /** A multi-Region primary in {@code region} with its default settings; its key ID. */
    String createPrimary(String region) {
        return lifecycle.createKey(caller(region), new CreateKeyRequest(null, null, null, null, null, true, null, false,
                null)).record().reference().keyId().value();
    }

    /** A single-Region key in {@code region}; its key ID. */
    String createKey(String region) {
        return lifecycle.createKey(caller(region), new CreateKeyRequest(null, null, null, null, null, false, null, false,
                null)).record().reference().keyId().value();
    }

    /** Replicates a primary into {@code replicaRegion} with the defaults (the replica is {@code Creating}). */
    void replicate(String primaryRegion, String keyId, String replicaRegion) {
        multiRegion.replicateKey(caller(primaryRegion), new ReplicateKeyRequest(keyId, replicaRegion, null, false, null, null));
    }

    /** Moves the clock past the replication delay and applies what came due; returns how many events. */
    int passReplicationDelay() {
        clock.advance(REPLICATION_DELAY.plusMillis(1));
        return replicator.applyDueEvents();
    }

    /** Asserts that {@code call} is refused with {@code code} and exactly {@code message}. */
    static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code, String message) {
        KmsException error = org.assertj.core.api.Assertions.catchThrowableOfType(KmsException.class, call);
        org.assertj.core.api.Assertions.assertThat(error).as("expected %s", code).isNotNull();
        org.assertj.core.api.Assertions.assertThat(error.code()).isEqualTo(code);
        org.assertj.core.api.Assertions.assertThat(error.getMessage()).isEqualTo(message);
    }

    /** The stored record of a key in a Region, as the registry holds it now. */
    KeyRecord record(String region, String keyId) {
        return entry(region, keyId).record();
    }

    KeyEntry entry(String region, String keyId) {
        return registry.find(reference(region, keyId));
    }

    @Override
    public void close() {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
