package dev.meridian.store;

import dev.meridian.model.AccountId;
import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import java.util.List;

/** One change in a {@link StoreBatch}. */
public sealed interface StoreChange {

    /** Inserts the key record, or replaces the one with the same reference (tags included). */
    record PutKey(KeyRecord key) implements StoreChange {
    }

    /**
     * The whole of one key as committed: inserts or replaces the record (tags included), and replaces all its
     * material versions and all its grants by these (its last use is kept). What {@link Store#changesSince} reports
     * for a key another process changed.
     */
    record KeySnapshot(KeyRecord key, List<WrappedMaterial> materials, List<Grant> grants) implements StoreChange {
        public KeySnapshot {
            materials = List.copyOf(materials);
            grants = List.copyOf(grants);
            for (WrappedMaterial material : materials) {
                if (!material.key().equals(key.reference())) {
                    throw new IllegalArgumentException("Material of another key in a snapshot");
                }
            }
            for (Grant grant : grants) {
                if (!grant.key().equals(key.reference())) {
                    throw new IllegalArgumentException("A grant of another key in a snapshot");
                }
            }
        }
    }

    /** Removes a key record with its tags, all its material versions, its grants and its last use. */
    record DeleteKey(KeyReference key) implements StoreChange {
    }

    /** Adds a material version to a key; versions are never replaced. */
    record PutMaterial(WrappedMaterial material) implements StoreChange {
    }

    /**
     * Inserts the material version, or replaces the one with the same key and version: imported material
     * imported again, deleted or expired ({@link WrappedMaterial#isPresent()}).
     */
    record ReplaceMaterial(WrappedMaterial material) implements StoreChange {
    }

    /**
     * Removes one material version of a key: imported material that waited for a rotation and was deleted or
     * expired before it, which was never associated with the key for good.
     */
    record DeleteMaterial(KeyReference key, int version) implements StoreChange {
    }

    /** Inserts the alias, or replaces the one with the same account, Region and name. */
    record PutAlias(Alias alias) implements StoreChange {
    }

    /** Removes an alias. */
    record DeleteAlias(AccountId account, Region region, String name) implements StoreChange {
    }

    /** Adds an event to the replication outbox. */
    record PutEvent(ReplicationEvent event) implements StoreChange {
    }

    /** Removes an applied event from the outbox. */
    record DeleteEvent(long sequence) implements StoreChange {
    }

    /** Inserts the grant, or replaces the one with the same key and grant ID. */
    record PutGrant(Grant grant) implements StoreChange {
    }

    /** Removes one grant of a key (retired or revoked). */
    record DeleteGrant(KeyReference key, String grantId) implements StoreChange {
    }

    /** Inserts or replaces a key's last cryptographic use. Ignored when the key no longer exists. */
    record PutKeyLastUsage(KeyLastUsage usage) implements StoreChange {
    }

    /**
     * Removes everything the store holds: every key with its tags, material, grants and last use, every
     * alias and every event of the replication outbox (a reset for tests). The store stays open and usable.
     */
    record DeleteEverything() implements StoreChange {
    }
}
