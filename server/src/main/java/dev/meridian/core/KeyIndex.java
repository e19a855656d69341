package dev.meridian.core;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyManager;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyState;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreChanges;
import dev.meridian.store.StoreContents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;

/**
 * The registry's copy of the store in memory: keys with their material, aliases, grants and the outbox, at one
 * store position. It changes only through {@link #apply}, with the same {@link StoreChange}s the store commits:
 * a write's own batch, what another process committed, or a whole reload. Reads never block; a batch's changes to
 * one key become visible together.
 */
final class KeyIndex {
    private static final Comparator<KeyReference> KEY_ORDER = Comparator
            .comparing((KeyReference key) -> key.account().value())
            .thenComparing(key -> key.region().name())
            .thenComparing(key -> key.keyId().value());
    private static final Comparator<AliasName> ALIAS_ORDER = Comparator
            .comparing((AliasName alias) -> alias.account().value())
            .thenComparing(alias -> alias.region().name())
            .thenComparing(AliasName::name);

    final ConcurrentSkipListMap<KeyReference, KeyEntry> keys = new ConcurrentSkipListMap<>(KEY_ORDER);
    final Map<Family, Set<Region>> families = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<AliasName, Alias> aliases = new ConcurrentSkipListMap<>(ALIAS_ORDER);
    /**
     * The names of the aliases that point to each Region's key, kept with {@link #aliases} (a policy's
     * {@code kms:ResourceAliases} reads them on every request it decides, so they are not found by walking the
     * Region's aliases). Between the two maps' updates a reader may see a name here whose alias is gone or points
     * elsewhere: {@link #aliasesOf} checks each against {@link #aliases}.
     */
    private final Map<KeyReference, Set<String>> aliasNamesByKey = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<Long, ReplicationEvent> events = new ConcurrentSkipListMap<>();
    final Map<AccountRegion, Integer> keyCounts = new ConcurrentHashMap<>();
    final Map<KeyReference, ConcurrentSkipListMap<String, Grant>> grants = new ConcurrentHashMap<>();
    private final Object applying = new Object();
    private volatile long position;
    private volatile Consumer<Instant> dueTimeListener = ignored -> { };

    record Family(AccountId account, KeyId keyId) {
    }

    record AliasName(AccountId account, Region region, String name) {
        static AliasName of(Alias alias) {
            return new AliasName(alias.account(), alias.region(), alias.name());
        }
    }

    record AccountRegion(AccountId account, Region region) {
    }

    /** The store position this copy reflects. */
    long position() {
        return position;
    }

    void onDueTime(Consumer<Instant> listener) {
        this.dueTimeListener = listener;
    }

    /**
     * Applies what the store reports, unless this copy already reflects a position as recent (a catch-up read
     * before a write that was applied since): an older report never undoes a newer one, except a store that went
     * back to an earlier state ({@link StoreChanges#rewound()}: a database restored from a backup), whose contents
     * replace the copy and its position. Returns whether it applied.
     */
    boolean apply(StoreChanges changes) {
        synchronized (applying) {
            if (!changes.rewound() && changes.position() <= position
                    && (changes.reload().isPresent() || !changes.changes().isEmpty())) {
                return false;
            }
            List<StoreChange> all = changes.reload().map(this::reloadChanges).orElse(changes.changes());
            applyInOrder(all);
            position = changes.rewound() ? changes.position() : Math.max(position, changes.position());
            return true;
        }
    }

    /** Fills this empty copy with what the store held at start. */
    void load(StoreContents contents) {
        synchronized (applying) {
            applyInOrder(reloadChanges(contents));
            position = contents.position();
        }
    }

    /**
     * Applies a write's own committed batch at {@code committedAt} (its position from the store), unless this copy
     * already reflects that position: then what another process committed after it was applied meanwhile (the
     * store's listener runs as soon as the commit releases the store's lock), with this batch's effects in it, and
     * applying the batch again would undo the later commit.
     */
    void applyCommitted(long committedAt, List<StoreChange> changes) {
        synchronized (applying) {
            if (committedAt > position) {
                applyInOrder(changes);
                position = committedAt;
            }
        }
    }

    /** The changes that turn this copy into {@code contents}: every key whole, and the removal of what is gone. */
    private List<StoreChange> reloadChanges(StoreContents contents) {
        Map<KeyReference, List<WrappedMaterial>> materials = new HashMap<>();
        contents.materials().forEach(material ->
                materials.computeIfAbsent(material.key(), ignored -> new ArrayList<>()).add(material));
        Map<KeyReference, List<Grant>> keyGrants = new HashMap<>();
        contents.grants().forEach(grant -> keyGrants.computeIfAbsent(grant.key(), ignored -> new ArrayList<>()).add(grant));
        List<StoreChange> changes = new ArrayList<>();
        Set<KeyReference> present = new HashSet<>();
        for (KeyRecord key : contents.keys()) {
            present.add(key.reference());
            changes.add(new StoreChange.KeySnapshot(key, materials.getOrDefault(key.reference(), List.of()),
                    keyGrants.getOrDefault(key.reference(), List.of())));
        }
        keys.keySet().stream().filter(key -> !present.contains(key)).forEach(key -> changes.add(new StoreChange.DeleteKey(key)));
        Set<AliasName> presentAliases = new HashSet<>();
        for (Alias alias : contents.aliases()) {
            presentAliases.add(AliasName.of(alias));
            changes.add(new StoreChange.PutAlias(alias));
        }
        aliases.keySet().stream().filter(alias -> !presentAliases.contains(alias))
                .forEach(alias -> changes.add(new StoreChange.DeleteAlias(alias.account(), alias.region(), alias.name())));
        Set<Long> presentEvents = new HashSet<>();
        for (ReplicationEvent event : contents.events()) {
            presentEvents.add(event.sequence());
            if (!event.equals(events.get(event.sequence()))) {
                changes.add(new StoreChange.PutEvent(event));
            }
        }
        events.keySet().stream().filter(sequence -> !presentEvents.contains(sequence))
                .forEach(sequence -> changes.add(new StoreChange.DeleteEvent(sequence)));
        return changes;
    }

    /** A key as a batch leaves it, before it is shown: its record (null when deleted) and its material versions. */
    private static final class Draft {
        KeyRecord record;
        Map<Integer, WrappedMaterial> materials;
        boolean materialsChanged;

        Draft(KeyEntry entry) {
            record = entry == null ? null : entry.record();
            materials = entry == null ? new HashMap<>() : new HashMap<>(entry.materials());
        }
    }

    private void applyInOrder(List<StoreChange> changes) {
        Map<KeyReference, Draft> drafts = new LinkedHashMap<>();
        List<StoreChange> others = new ArrayList<>();
        for (StoreChange change : changes) {
            if (change instanceof StoreChange.DeleteEverything) {
                drafts.clear();
                others.clear();
                clear();
            } else if (change instanceof StoreChange.PutKey put) {
                draft(drafts, put.key().reference()).record = put.key();
            } else if (change instanceof StoreChange.KeySnapshot snapshot) {
                Draft draft = draft(drafts, snapshot.key().reference());
                draft.record = snapshot.key();
                Map<Integer, WrappedMaterial> materials = new HashMap<>();
                snapshot.materials().forEach(material -> materials.put(material.version(), material));
                if (!materials.equals(draft.materials)) {
                    draft.materials = materials;
                    draft.materialsChanged = true;
                }
                others.add(change);
            } else if (change instanceof StoreChange.DeleteKey delete) {
                Draft draft = draft(drafts, delete.key());
                draft.record = null;
                draft.materials = new HashMap<>();
                draft.materialsChanged = true;
                others.add(change);
            } else if (change instanceof StoreChange.PutMaterial put) {
                putMaterial(drafts, put.material());
            } else if (change instanceof StoreChange.ReplaceMaterial replace) {
                putMaterial(drafts, replace.material());
            } else if (change instanceof StoreChange.DeleteMaterial delete) {
                Draft draft = draft(drafts, delete.key());
                draft.materialsChanged |= draft.materials.remove(delete.version()) != null;
            } else if (!(change instanceof StoreChange.PutKeyLastUsage)) {
                others.add(change);
            }
        }
        drafts.forEach(this::show);
        others.forEach(this::applyOther);
    }

    private Draft draft(Map<KeyReference, Draft> drafts, KeyReference key) {
        return drafts.computeIfAbsent(key, reference -> new Draft(keys.get(reference)));
    }

    private void putMaterial(Map<KeyReference, Draft> drafts, WrappedMaterial material) {
        Draft draft = draft(drafts, material.key());
        draft.materials.put(material.version(), material);
        draft.materialsChanged = true;
        if (material.isPresent() && material.info().validTo() != null) {
            dueTimeListener.accept(material.info().validTo());
        }
    }

    private void show(KeyReference reference, Draft draft) {
        KeyEntry existing = keys.get(reference);
        if (draft.record == null) {
            if (existing != null) {
                hide(reference, existing);
            }
            return;
        }
        KeyRecord record = draft.record;
        if (existing == null) {
            keys.put(reference, new KeyEntry(record, draft.materials));
            if (record.keyManager() == KeyManager.CUSTOMER) {
                keyCounts.merge(new AccountRegion(reference.account(), reference.region()), 1, Integer::sum);
            }
            families.compute(new Family(reference.account(), reference.keyId()), (ignored, regions) -> {
                Set<Region> all = regions == null ? new TreeSet<>() : new TreeSet<>(regions);
                all.add(reference.region());
                return Set.copyOf(all);
            });
        } else {
            keys.put(reference, draft.materialsChanged ? new KeyEntry(record, draft.materials) : existing.withRecord(record));
        }
        if (record.state() == KeyState.PendingDeletion && record.deletionDate() != null) {
            dueTimeListener.accept(record.deletionDate());
        }
        if (record.rotationEnabled() && !record.isReplica() && record.nextRotationDate() != null) {
            dueTimeListener.accept(record.nextRotationDate());
        }
    }

    private void hide(KeyReference deleted, KeyEntry removed) {
        keys.remove(deleted);
        if (removed.record().keyManager() == KeyManager.CUSTOMER) {
            keyCounts.merge(new AccountRegion(deleted.account(), deleted.region()), -1, Integer::sum);
        }
        families.computeIfPresent(new Family(deleted.account(), deleted.keyId()), (ignored, regions) -> {
            Set<Region> remaining = new TreeSet<>(regions);
            remaining.remove(deleted.region());
            return remaining.isEmpty() ? null : Set.copyOf(remaining);
        });
    }

    private void applyOther(StoreChange change) {
        if (change instanceof StoreChange.KeySnapshot snapshot) {
            ConcurrentSkipListMap<String, Grant> keyGrants = new ConcurrentSkipListMap<>();
            snapshot.grants().forEach(grant -> keyGrants.put(grant.grantId(), grant));
            if (keyGrants.isEmpty()) {
                grants.remove(snapshot.key().reference());
            } else {
                grants.put(snapshot.key().reference(), keyGrants);
            }
        } else if (change instanceof StoreChange.DeleteKey delete) {
            grants.remove(delete.key());
        } else if (change instanceof StoreChange.PutAlias put) {
            Alias alias = put.alias();
            if (alias.hasTarget()) { // every stored alias has one
                aliasNamesByKey.computeIfAbsent(target(alias), ignored -> new ConcurrentSkipListSet<>()).add(alias.name());
            }
            Alias previous = aliases.put(AliasName.of(alias), alias);
            if (previous != null && !Objects.equals(previous.targetKeyId(), alias.targetKeyId())) {
                forgetAliasName(previous);
            }
        } else if (change instanceof StoreChange.DeleteAlias delete) {
            Alias previous = aliases.remove(new AliasName(delete.account(), delete.region(), delete.name()));
            if (previous != null) {
                forgetAliasName(previous);
            }
        } else if (change instanceof StoreChange.PutEvent put) {
            events.put(put.event().sequence(), put.event());
            dueTimeListener.accept(put.event().dueAt());
        } else if (change instanceof StoreChange.DeleteEvent delete) {
            events.remove(delete.sequence());
        } else if (change instanceof StoreChange.PutGrant put) {
            grants.computeIfAbsent(put.grant().key(), ignored -> new ConcurrentSkipListMap<>())
                    .put(put.grant().grantId(), put.grant());
        } else if (change instanceof StoreChange.DeleteGrant delete) {
            ConcurrentSkipListMap<String, Grant> keyGrants = grants.get(delete.key());
            if (keyGrants != null) {
                keyGrants.remove(delete.grantId());
            }
        } else {
            throw new IllegalArgumentException("Unknown change " + change.getClass().getSimpleName());
        }
    }

    /**
     * The aliases that point to one Region's key, in name order, found through the names kept for it (not by walking
     * the Region's aliases).
     */
    List<Alias> aliasesOf(KeyReference key) {
        Set<String> names = aliasNamesByKey.get(key);
        if (names == null) {
            return List.of();
        }
        List<Alias> found = new ArrayList<>(names.size());
        for (String name : names) {
            Alias alias = aliases.get(new AliasName(key.account(), key.region(), name));
            if (alias != null && alias.targetKeyId().equals(key.keyId())) {
                found.add(alias);
            }
        }
        return List.copyOf(found);
    }

    private static KeyReference target(Alias alias) {
        return new KeyReference(alias.account(), alias.region(), alias.targetKeyId());
    }

    private void forgetAliasName(Alias alias) {
        if (!alias.hasTarget()) {
            return;
        }
        aliasNamesByKey.computeIfPresent(target(alias), (key, names) -> {
            names.remove(alias.name());
            return names.isEmpty() ? null : names;
        });
    }

    private void clear() {
        keys.clear();
        families.clear();
        aliases.clear();
        aliasNamesByKey.clear();
        events.clear();
        keyCounts.clear();
        grants.clear();
    }
}
