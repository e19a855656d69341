package dev.meridian.core;

import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreWrite;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreContents;
import dev.meridian.store.StoreException;
import dev.meridian.store.StoreTimeoutException;
import dev.meridian.store.WriteDeadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Store} in memory for the core's unit tests: applies each batch whole, in its order, as the
 * {@link StoreChange} contracts say, and can be told to fail its next commit (then it applies nothing) or to time out
 * its next write's wait for the write lock, as a shared store whose lock another process holds too long does.
 * Counts its commits. Thread-safe. A {@link #shared()} one stands for a database several processes share: several
 * registries load it, and {@link #changesSince} reports what was committed after a position as a shared store does
 * (each touched key whole, aliases and events as they are now; a reload after a {@code DeleteEverything}).
 */
final class InMemoryStore implements Store {
    private record MaterialKey(KeyReference key, int version) {
    }

    private record GrantKey(KeyReference key, String grantId) {
    }

    private record AliasKey(dev.meridian.model.AccountId account, dev.meridian.model.Region region, String name) {
    }

    /** One change of a commit, at the commit's position. */
    private record Logged(long position, StoreChange change) {
    }

    private final Map<KeyReference, KeyRecord> keys = new LinkedHashMap<>();
    private final Map<MaterialKey, WrappedMaterial> materials = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<Long, ReplicationEvent> events = new TreeMap<>();
    private final Map<GrantKey, Grant> grants = new LinkedHashMap<>();
    private final Map<KeyReference, KeyLastUsage> lastUsages = new LinkedHashMap<>();
    private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock();
    private long position;
    private long nextSequence = 1;
    private byte[] rootKeyCheck;
    private int commitsBeforeFailure = -1;
    private boolean timeOutNextWrite;
    private int commits;
    private final boolean shared;
    private volatile java.util.Optional<java.time.Duration> writeWaitLimit = java.util.Optional.empty();
    /** Open while another process's write holds the lock ({@link #holdLockElsewhere}); counted down when it ends. */
    private volatile java.util.concurrent.CountDownLatch heldElsewhere = new java.util.concurrent.CountDownLatch(0);
    private final List<Logged> log = new ArrayList<>();
    private long resetAt;

    InMemoryStore() {
        this(false);
    }

    private InMemoryStore(boolean shared) {
        this.shared = shared;
    }

    /** A store several registries share, as several processes share a database. */
    static InMemoryStore shared() {
        return new InMemoryStore(true);
    }

    @Override
    public boolean isShared() {
        return shared;
    }

    /** Adds what an older process left, before a registry loads it. */
    synchronized InMemoryStore with(KeyRecord key, WrappedMaterial... versions) {
        keys.put(key.reference(), key);
        for (WrappedMaterial material : versions) {
            materials.put(new MaterialKey(material.key(), material.version()), material);
        }
        return this;
    }

    /** The next commit throws {@link StoreException} and applies nothing. */
    synchronized void failNextCommit() {
        failCommitAfter(0);
    }

    /** The commit after the next {@code successes} ones throws {@link StoreException} and applies nothing. */
    synchronized void failCommitAfter(int successes) {
        commitsBeforeFailure = successes;
    }

    /**
     * The next {@link #beginWrite} throws {@link StoreTimeoutException}, as PostgreSQL's store does when another
     * process's write holds the write lock past its bound; it takes no lock and writes nothing.
     */
    synchronized void timeOutNextWrite() {
        timeOutNextWrite = true;
    }

    /** Bounds how long a write waits to begin ({@link #writeWaitLimit}), as PostgreSQL's store does. */
    void limitWriteWait(java.time.Duration limit) {
        writeWaitLimit = java.util.Optional.of(limit);
    }

    @Override
    public java.util.Optional<java.time.Duration> writeWaitLimit() {
        return writeWaitLimit;
    }

    synchronized int commits() {
        return commits;
    }

    @Override
    public synchronized StoreContents load() {
        return new StoreContents(position, List.copyOf(keys.values()), List.copyOf(materials.values()), List.copyOf(aliases.values()),
                List.copyOf(events.values()), List.copyOf(grants.values()), List.copyOf(lastUsages.values()));
    }

    /**
     * Another process's write holds the store's lock from now until {@link #releaseLockHeldElsewhere}: a write waits for it
     * until its deadline (the one it was given, or the store's {@link #writeWaitLimit} from the call), then throws
     * {@link StoreTimeoutException}, as PostgreSQL's store does.
     */
    void holdLockElsewhere() {
        heldElsewhere = new java.util.concurrent.CountDownLatch(1);
    }

    void releaseLockHeldElsewhere() {
        heldElsewhere.countDown();
    }

    @Override
    public StoreWrite beginWrite(WriteDeadline deadline) {
        synchronized (this) {
            if (timeOutNextWrite) {
                timeOutNextWrite = false;
                throw new StoreTimeoutException("Cannot take the store's write lock: no lock within 10 ms (a test's"
                        + " failure)", null);
            }
        }
        WriteDeadline bound = writeWaitLimit.map(deadline::atMost).orElse(deadline);
        try {
            if (!heldElsewhere.await(bound.remainingNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new StoreTimeoutException("Cannot take the store's write lock: held elsewhere past the deadline",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted", e);
        }
        writeLock.lock();
        return new StoreWrite() {
            private boolean closed;

            @Override
            public StoreChanges changesSince(long since) {
                return InMemoryStore.this.changesSince(since);
            }

            @Override
            public long nextEventSequence() {
                return InMemoryStore.this.nextEventSequence();
            }

            @Override
            public long commit(StoreBatch batch) {
                return commitBatch(batch);
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

    private synchronized long nextEventSequence() {
        return nextSequence++;
    }

    @Override
    public synchronized StoreChanges changesSince(long since) {
        if (!shared || since >= position) {
            return StoreChanges.none(position);
        }
        if (resetAt > since) {
            return StoreChanges.reload(load());
        }
        java.util.Set<KeyReference> touchedKeys = new java.util.LinkedHashSet<>();
        java.util.Set<AliasKey> touchedAliases = new java.util.LinkedHashSet<>();
        java.util.Set<Long> touchedEvents = new java.util.LinkedHashSet<>();
        for (Logged logged : log) {
            if (logged.position() > since) {
                touch(logged.change(), touchedKeys, touchedAliases, touchedEvents);
            }
        }
        List<StoreChange> changes = new ArrayList<>();
        for (KeyReference key : touchedKeys) {
            KeyRecord record = keys.get(key);
            changes.add(record == null ? new StoreChange.DeleteKey(key) : new StoreChange.KeySnapshot(record,
                    materials.values().stream().filter(material -> material.key().equals(key)).toList(),
                    grants.values().stream().filter(grant -> grant.key().equals(key)).toList()));
        }
        for (AliasKey alias : touchedAliases) {
            Alias current = aliases.get(alias.account() + "/" + alias.region() + "/" + alias.name());
            changes.add(current == null ? new StoreChange.DeleteAlias(alias.account(), alias.region(), alias.name())
                    : new StoreChange.PutAlias(current));
        }
        for (long sequence : touchedEvents) {
            ReplicationEvent event = events.get(sequence);
            changes.add(event == null ? new StoreChange.DeleteEvent(sequence) : new StoreChange.PutEvent(event));
        }
        return StoreChanges.of(position, changes);
    }

    private static void touch(StoreChange change, java.util.Set<KeyReference> keys, java.util.Set<AliasKey> aliases,
            java.util.Set<Long> events) {
        if (change instanceof StoreChange.PutKey put) {
            keys.add(put.key().reference());
        } else if (change instanceof StoreChange.KeySnapshot snapshot) {
            keys.add(snapshot.key().reference());
        } else if (change instanceof StoreChange.DeleteKey delete) {
            keys.add(delete.key());
        } else if (change instanceof StoreChange.PutMaterial put) {
            keys.add(put.material().key());
        } else if (change instanceof StoreChange.ReplaceMaterial replace) {
            keys.add(replace.material().key());
        } else if (change instanceof StoreChange.DeleteMaterial delete) {
            keys.add(delete.key());
        } else if (change instanceof StoreChange.PutGrant put) {
            keys.add(put.grant().key());
        } else if (change instanceof StoreChange.DeleteGrant delete) {
            keys.add(delete.key());
        } else if (change instanceof StoreChange.PutAlias put) {
            aliases.add(new AliasKey(put.alias().account(), put.alias().region(), put.alias().name()));
        } else if (change instanceof StoreChange.DeleteAlias delete) {
            aliases.add(new AliasKey(delete.account(), delete.region(), delete.name()));
        } else if (change instanceof StoreChange.PutEvent put) {
            events.add(put.event().sequence());
        } else if (change instanceof StoreChange.DeleteEvent delete) {
            events.add(delete.sequence());
        }
    }

    @Override
    public synchronized byte[] rootKeyCheck(byte[] proposed) {
        if (rootKeyCheck == null) {
            rootKeyCheck = proposed.clone();
        }
        return rootKeyCheck.clone();
    }

    private synchronized long commitBatch(StoreBatch batch) {
        if (commitsBeforeFailure == 0) {
            commitsBeforeFailure = -1;
            throw new StoreException("The disk is gone (a test's failure)", null);
        }
        if (commitsBeforeFailure > 0) {
            commitsBeforeFailure--;
        }
        for (StoreChange change : batch.changes()) {
            apply(change);
        }
        commits++;
        if (batch.isEmpty()) {
            return position;
        }
        position++;
        for (StoreChange change : batch.changes()) {
            log.add(new Logged(position, change));
            if (change instanceof StoreChange.DeleteEverything) {
                resetAt = position;
            }
        }
        return position;
    }

    private void apply(StoreChange change) {
        if (change instanceof StoreChange.PutKey put) {
            keys.put(put.key().reference(), put.key());
        } else if (change instanceof StoreChange.KeySnapshot snapshot) {
            KeyReference reference = snapshot.key().reference();
            keys.put(reference, snapshot.key());
            materials.keySet().removeIf(material -> material.key().equals(reference));
            grants.keySet().removeIf(grant -> grant.key().equals(reference));
            snapshot.materials().forEach(material -> materials.put(new MaterialKey(reference, material.version()), material));
            snapshot.grants().forEach(grant -> grants.put(new GrantKey(reference, grant.grantId()), grant));
        } else if (change instanceof StoreChange.DeleteKey delete) {
            keys.remove(delete.key());
            materials.keySet().removeIf(material -> material.key().equals(delete.key()));
            grants.keySet().removeIf(grant -> grant.key().equals(delete.key()));
            lastUsages.remove(delete.key());
        } else if (change instanceof StoreChange.PutMaterial put) {
            MaterialKey key = new MaterialKey(put.material().key(), put.material().version());
            if (materials.putIfAbsent(key, put.material()) != null) {
                throw new StoreException("Material versions are never replaced: " + key, null);
            }
        } else if (change instanceof StoreChange.ReplaceMaterial replace) {
            materials.put(new MaterialKey(replace.material().key(), replace.material().version()), replace.material());
        } else if (change instanceof StoreChange.DeleteMaterial delete) {
            materials.remove(new MaterialKey(delete.key(), delete.version()));
        } else if (change instanceof StoreChange.PutAlias put) {
            aliases.put(aliasKey(put.alias()), put.alias());
        } else if (change instanceof StoreChange.DeleteAlias delete) {
            aliases.remove(delete.account() + "/" + delete.region() + "/" + delete.name());
        } else if (change instanceof StoreChange.PutEvent put) {
            events.put(put.event().sequence(), put.event());
            nextSequence = Math.max(nextSequence, put.event().sequence() + 1);
        } else if (change instanceof StoreChange.DeleteEvent delete) {
            events.remove(delete.sequence());
        } else if (change instanceof StoreChange.PutGrant put) {
            grants.put(new GrantKey(put.grant().key(), put.grant().grantId()), put.grant());
        } else if (change instanceof StoreChange.DeleteGrant delete) {
            grants.remove(new GrantKey(delete.key(), delete.grantId()));
        } else if (change instanceof StoreChange.PutKeyLastUsage put) {
            if (keys.containsKey(put.usage().key())) {
                lastUsages.put(put.usage().key(), put.usage());
            }
        } else if (change instanceof StoreChange.DeleteEverything) {
            keys.clear();
            materials.clear();
            aliases.clear();
            events.clear();
            grants.clear();
            lastUsages.clear();
        } else {
            throw new IllegalStateException("Unknown change " + change);
        }
    }

    private static String aliasKey(Alias alias) {
        return alias.account() + "/" + alias.region() + "/" + alias.name();
    }

    /** The pending events, in sequence order. */
    synchronized List<ReplicationEvent> events() {
        return new ArrayList<>(events.values());
    }

    @Override
    public void close() {
    }
}
