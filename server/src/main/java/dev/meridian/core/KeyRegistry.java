package dev.meridian.core;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.RootKey;
import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.Store;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import dev.meridian.store.StoreTimeoutException;
import dev.meridian.store.StoreWrite;
import dev.meridian.store.WriteDeadline;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The committed state of every key, alias and pending replication event, held in memory in front of the
 * {@link Store}.
 *
 * <p>Reads never touch the store and never block. Writes run one at a time under one lock: the body reads
 * the committed state, collects its changes in a {@link Mutation}, the store commits them in one
 * transaction, and only then do they become visible. A write that throws, or whose commit fails, changes
 * nothing.
 */
public final class KeyRegistry {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyRegistry.class);

    private final Store store;
    private final RootKey rootKey;
    private final KeyIndex index = new KeyIndex();
    private final ConcurrentSkipListMap<KeyReference, KeyEntry> keys = index.keys;
    private final Map<KeyIndex.Family, Set<Region>> families = index.families;
    private final ConcurrentSkipListMap<KeyIndex.AliasName, Alias> aliases = index.aliases;
    private final ConcurrentSkipListMap<Long, ReplicationEvent> events = index.events;
    private final Map<KeyIndex.AccountRegion, Integer> keyCounts = index.keyCounts;
    private final Map<KeyReference, ConcurrentSkipListMap<String, Grant>> grants = index.grants;
    private volatile List<KeyLastUsage> loadedLastUsages = List.of();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile AccessControl accessControl = new AccessControl(this, Clock.systemUTC(),
            AccessControl.Mode.DEVELOPMENT, dev.meridian.policy.IdentityPolicies.NONE);
    private StoreWrite currentWrite;

    private KeyRegistry(Store store, RootKey rootKey) {
        this.store = store;
        this.rootKey = rootKey;
    }

    /**
     * Loads everything the store holds, and from then on applies what other processes sharing the store commit,
     * as the store tells of it ({@link Store#onForeignCommit}).
     */
    public static KeyRegistry load(Store store, RootKey rootKey) {
        KeyRegistry registry = new KeyRegistry(store, rootKey);
        StoreContents contents = store.load();
        Map<KeyReference, KeyRecord> records = new HashMap<>();
        contents.keys().forEach(key -> records.put(key.reference(), key));
        List<WrappedMaterial> materials = new ArrayList<>();
        for (WrappedMaterial stored : contents.materials()) {
            materials.add(stored.info().isIdentified() ? stored : identified(stored, rootKey, records));
        }
        registry.index.load(new StoreContents(contents.position(), contents.keys(), materials, contents.aliases(),
                contents.events(), contents.grants(), contents.lastUsages()));
        registry.loadedLastUsages = contents.lastUsages();
        store.onForeignCommit(registry::catchUp);
        return registry;
    }

    /**
     * Applies what the store holds beyond this registry's position (committed by another process); never waits for
     * a write. A store that fails is logged and left for the next call.
     */
    void catchUp() {
        try {
            index.apply(store.changesSince(index.position()));
        } catch (StoreException e) {
            LOG.warn("Cannot read the store's recent changes: {}", e.getMessage());
        }
    }

    /** The store position this registry reflects. */
    long position() {
        return index.position();
    }

    /**
     * Material written before material IDs were stored (schema version 1) gets its ID and date here, in
     * memory, from the material itself and the key's creation date.
     */
    private static WrappedMaterial identified(WrappedMaterial material, RootKey rootKey, Map<KeyReference, KeyRecord> keys) {
        KeyRecord key = keys.get(material.key());
        // Schema version 1 knew only symmetric keys: material without its record can only be that.
        KeySpec spec = key == null ? KeySpec.SYMMETRIC_DEFAULT : key.keySpec();
        KeyMaterial clear = KeyMaterialService.unwrap(rootKey, spec, material.wrapped(), material.key(), material.version());
        try {
            Instant created = key == null ? material.info().createdAt() : key.creationDate();
            return new WrappedMaterial(material.key(), material.version(), material.wrapped(),
                    material.info().withIdentity(KeyMaterialService.keyMaterialId(clear), created));
        } finally {
            clear.destroy();
        }
    }

    /**
     * Who may do what with the keys this registry holds: development mode until {@link KeyManagementService} sets
     * its own, once, before any operation runs; {@link KeyResolver} asks it for every key it resolves.
     */
    AccessControl accessControl() {
        return accessControl;
    }

    void useAccessControl(AccessControl control) {
        this.accessControl = java.util.Objects.requireNonNull(control, "control");
    }

    RootKey rootKey() {
        return rootKey;
    }

    /**
     * Tells {@code listener} of every due time (replication event, end of a deletion window, next automatic
     * rotation) as it is committed.
     */
    public void onDueTime(Consumer<Instant> listener) {
        index.onDueTime(listener);
    }

    KeyEntry find(KeyReference key) {
        return keys.get(key);
    }

    /**
     * The key as {@link #find} has it or, when this process has not seen it and the store is shared, as the store
     * has it now (another process may have just created it). On a {@link NonBlocking} thread a miss on a shared
     * store throws {@link NonBlocking.WriteRequiredException}: the caller runs again where it may wait for the store.
     */
    KeyEntry findOrCatchUp(KeyReference key) {
        KeyEntry entry = keys.get(key);
        if (entry == null && catchUpAfterMiss()) {
            entry = keys.get(key);
        }
        return entry;
    }

    /** The alias as {@link #alias} has it or, on a miss, as a shared store has it now (see {@link #findOrCatchUp}). */
    Alias aliasOrCatchUp(AccountId account, Region region, String name) {
        Alias alias = alias(account, region, name);
        if (alias == null && catchUpAfterMiss()) {
            alias = alias(account, region, name);
        }
        return alias;
    }

    /**
     * Catches up after a miss when that can find something: a shared store, outside a write. Returns whether it
     * caught up, so that the caller looks again: the changes may have been applied by this thread or, just before,
     * by another (the store's listener), and then this thread's {@link KeyIndex#apply} applies nothing.
     */
    boolean catchUpAfterMiss() {
        if (!store.isShared() || writeLock.isHeldByCurrentThread()) {
            return false;
        }
        if (NonBlocking.isCurrentThread()) {
            throw new NonBlocking.WriteRequiredException();
        }
        try {
            index.apply(store.changesSince(index.position()));
            return true;
        } catch (StoreException e) {
            throw KmsException.storeFailure(e);
        }
    }

    /** The Regions holding a key of this family (a multi-Region key and its replicas), in name order. */
    List<Region> familyRegions(AccountId account, KeyId keyId) {
        Set<Region> regions = families.get(new KeyIndex.Family(account, keyId));
        return regions == null ? List.of() : List.copyOf(new TreeSet<>(regions));
    }

    /** The keys of an account in a Region, in key ID order, starting after {@code afterKeyId} when given. */
    Collection<KeyEntry> keysIn(AccountId account, Region region, KeyId afterKeyId) {
        KeyReference first = new KeyReference(account, region, afterKeyId == null ? minimalKeyId() : afterKeyId);
        NavigableMap<KeyReference, KeyEntry> range = keys.tailMap(first, afterKeyId == null);
        List<KeyEntry> result = new ArrayList<>();
        for (Map.Entry<KeyReference, KeyEntry> entry : range.entrySet()) {
            KeyReference key = entry.getKey();
            if (!key.account().equals(account) || !key.region().equals(region)) {
                break;
            }
            result.add(entry.getValue());
            if (result.size() > 1000) {
                break;
            }
        }
        return result;
    }

    /** The customer managed keys of an account in a Region: AWS managed keys do not count against the key quota. */
    int keyCount(AccountId account, Region region) {
        return keyCounts.getOrDefault(new KeyIndex.AccountRegion(account, region), 0);
    }

    Alias alias(AccountId account, Region region, String name) {
        return aliases.get(new KeyIndex.AliasName(account, region, name));
    }

    /** The aliases of an account in a Region, in name order. */
    List<Alias> aliasesIn(AccountId account, Region region) {
        return List.copyOf(aliases.subMap(new KeyIndex.AliasName(account, region, ""), true,
                new KeyIndex.AliasName(account, region, "\uffff"), true).values());
    }

    /** The aliases of one Region's key, in name order (from the names kept for the key, not its Region's aliases). */
    List<Alias> aliasesOf(KeyReference key) {
        return index.aliasesOf(key);
    }

    /** The grants of one Region's key, in grant ID order (empty when it has none). */
    Collection<Grant> grantsOf(KeyReference key) {
        ConcurrentSkipListMap<String, Grant> keyGrants = grants.get(key);
        return keyGrants == null ? List.of() : keyGrants.values();
    }

    /** One grant of a key, or null. */
    Grant grant(KeyReference key, String grantId) {
        ConcurrentSkipListMap<String, Grant> keyGrants = grants.get(key);
        return keyGrants == null ? null : keyGrants.get(grantId);
    }

    /** How many grants a key has. */
    int grantCount(KeyReference key) {
        ConcurrentSkipListMap<String, Grant> keyGrants = grants.get(key);
        return keyGrants == null ? 0 : keyGrants.size();
    }

    /** The grants of every key of an account in a Region, in key then grant ID order. */
    List<Grant> grantsIn(AccountId account, Region region) {
        List<Grant> result = new ArrayList<>();
        for (KeyEntry entry : keys.subMap(new KeyReference(account, region, minimalKeyId()), true,
                new KeyReference(account, region, maximalKeyId()), true).values()) {
            result.addAll(grantsOf(entry.record().reference()));
        }
        return result;
    }

    /** The last uses the store held at load, for {@link KeyUsageTracker}. */
    List<KeyLastUsage> loadedLastUsages() {
        return loadedLastUsages;
    }

    /** Pending replication events in sequence order. */
    List<ReplicationEvent> pendingEvents() {
        return List.copyOf(events.values());
    }

    /** Whether the outbox still holds the event of this sequence number (another process may have applied it). */
    boolean hasPendingEvent(long sequence) {
        return events.containsKey(sequence);
    }

    /** How many replication events wait in the outbox, committed and not yet applied. Never blocks. */
    int pendingEventCount() {
        return events.size();
    }

    /** The earliest due time of the outbox's events, or null when it is empty. Never blocks. */
    Instant earliestPendingDueTime() {
        Instant earliest = null;
        for (ReplicationEvent event : events.values()) {
            if (earliest == null || event.dueAt().isBefore(earliest)) {
                earliest = event.dueAt();
            }
        }
        return earliest;
    }

    /** The customer managed keys per Region, summed over the accounts. Never blocks. */
    Map<Region, Integer> keyCountsByRegion() {
        Map<Region, Integer> counts = new HashMap<>();
        keyCounts.forEach((accountRegion, count) -> counts.merge(accountRegion.region(), count, Integer::sum));
        return counts;
    }

    /**
     * Every account and Region that holds at least one key (customer or AWS managed, in any state), in account
     * then Region order, with its number of keys and of aliases. Never blocks; a consistent count of each map
     * at one moment, not of both maps at the same moment.
     */
    List<KeyManagementService.RegionInventory> inventory() {
        Map<KeyIndex.AccountRegion, int[]> counts = new java.util.TreeMap<>(Comparator
                .comparing((KeyIndex.AccountRegion place) -> place.account().value())
                .thenComparing(place -> place.region().name()));
        for (KeyReference key : keys.keySet()) {
            counts.computeIfAbsent(new KeyIndex.AccountRegion(key.account(), key.region()), ignored -> new int[2])[0]++;
        }
        for (KeyIndex.AliasName alias : aliases.keySet()) {
            int[] count = counts.get(new KeyIndex.AccountRegion(alias.account(), alias.region()));
            if (count != null) {
                count[1]++;
            }
        }
        List<KeyManagementService.RegionInventory> inventory = new ArrayList<>(counts.size());
        counts.forEach((place, count) -> inventory.add(
                new KeyManagementService.RegionInventory(place.account(), place.region(), count[0], count[1])));
        return inventory;
    }

    /** Keys whose deletion window is running, with their deletion dates. */
    List<KeyRecord> keysPendingDeletion() {
        return keys.values().stream().map(KeyEntry::record)
                .filter(key -> key.state() == KeyState.PendingDeletion && key.deletionDate() != null).toList();
    }

    /** Keys whose own automatic rotation is on (single-Region keys and primaries; replicas follow their primary). */
    List<KeyRecord> keysWithAutomaticRotation() {
        return keys.values().stream().map(KeyEntry::record)
                .filter(key -> key.rotationEnabled() && !key.isReplica()).toList();
    }

    /** Imported material versions that are held and have an expiry date ({@code ValidTo}). */
    List<WrappedMaterial> expiringMaterials() {
        return keys.values().stream().flatMap(entry -> entry.materials().values().stream())
                .filter(material -> material.isPresent() && material.info().validTo() != null).toList();
    }

    /** The next sequence number for a replication event, from the store; only inside {@link #write}. */
    long nextEventSequence() {
        if (!writeLock.isHeldByCurrentThread() || currentWrite == null) {
            throw new IllegalStateException("Sequence numbers are taken inside a write");
        }
        return currentWrite.nextEventSequence();
    }

    /**
     * Runs {@code body} alone, commits what it collected, then shows it. Alone means across every process sharing
     * the store: the store's write lock is held from before the body until the commit, and the body sees everything
     * committed before it ({@link StoreWrite#changesSince}), so what it decides (a name is free, a quota has room, a
     * state allows the change) is decided on the committed state. Throws what the body throws (and then changes
     * nothing), or {@link KmsException} ({@link KmsException#storeFailure}) when the store fails: then the store rolled
     * back and this registry's state is unchanged. {@link ErrorCode#DEPENDENCY_TIMEOUT} when the store's bounded wait
     * for its write lock ran out (another node's write holds it), {@link ErrorCode#KMS_INTERNAL} otherwise.
     * Never on a {@link NonBlocking} thread: there it throws {@link IllegalStateException}.
     *
     * <p>Every other write waits while a body runs, so a body does only work bounded by the state it reads,
     * never work whose cost a caller's input decides: parsing and checking a policy, tags, a token or a
     * long list are done before, and their errors given inside through a {@link Precheck}.
     */
    <T> T write(Function<Mutation, T> body) {
        if (NonBlocking.isCurrentThread()) {
            throw new IllegalStateException("A write on a thread that must not block");
        }
        WriteDeadline deadline = store.writeWaitLimit().map(WriteDeadline::after).orElse(WriteDeadline.none());
        lockForWriting(deadline);
        try (StoreWrite storeWrite = store.beginWrite(deadline)) {
            currentWrite = storeWrite;
            index.apply(storeWrite.changesSince(index.position()));
            Mutation mutation = new Mutation();
            T result = body.apply(mutation);
            DryRun.stopIfActive();
            long committedAt = storeWrite.commit(mutation.batch);
            index.applyCommitted(committedAt, mutation.batch.changes());
            return result;
        } catch (StoreException e) {
            throw KmsException.storeFailure(e);
        } finally {
            currentWrite = null;
            writeLock.unlock();
        }
    }

    /**
     * Takes this registry's write lock, waiting no later than {@code deadline} (the store's {@link Store#writeWaitLimit}
     * from the write's start, if it has one): a write of this process that is stuck in the store (its database not
     * answering) then holds the others no longer than another process's write would, and they are refused with
     * {@link ErrorCode#DEPENDENCY_TIMEOUT}. What this wait took is not waited again for the store's lock: the store
     * keeps to the same deadline.
     */
    private void lockForWriting(WriteDeadline deadline) {
        if (!deadline.isBounded()) {
            writeLock.lock();
            return;
        }
        try {
            if (!writeLock.tryLock(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
                throw KmsException.storeFailure(new StoreTimeoutException("No write of this process ended within "
                        + store.writeWaitLimit().orElseThrow().toMillis() + " ms (one is under way)", null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KmsException.internal(e);
        }
    }

    /**
     * Removes every key, alias, grant, last use and pending replication event, from the store (one
     * transaction) and then from memory, as one write: writes before it are wiped with everything else,
     * writes after it start from nothing. Throws like {@link #write}; a failed commit changes nothing.
     */
    void clear() {
        write(mutation -> mutation.deleteEverything());
        loadedLastUsages = List.of();
    }

    private static KeyId minimalKeyId() {
        return new KeyId("00000000-0000-0000-0000-000000000000");
    }

    private static KeyId maximalKeyId() {
        return new KeyId("mrk-ffffffffffffffffffffffffffffffff");
    }
}
