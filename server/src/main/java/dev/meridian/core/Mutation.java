package dev.meridian.core;

import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreBatch;
import java.util.HashMap;
import java.util.Map;

/**
 * The changes of one write, collected before anything is committed, as the one {@link StoreBatch} the store
 * commits in one transaction and the registry's index then applies ({@link KeyIndex}): a failed write leaves
 * nothing behind, and memory shows exactly what the store holds.
 */
final class Mutation {
    final StoreBatch batch = new StoreBatch();
    private final Map<KeyReference, KeyRecord> putKeys = new HashMap<>();

    Mutation putKey(KeyRecord key) {
        batch.putKey(key);
        putKeys.put(key.reference(), key);
        return this;
    }

    /** The record this write puts for {@code key} so far, or {@code committed} when it puts none. */
    KeyRecord keyAsWritten(KeyReference key, KeyRecord committed) {
        return putKeys.getOrDefault(key, committed);
    }

    Mutation deleteKey(KeyReference key) {
        batch.deleteKey(key);
        putKeys.remove(key);
        return this;
    }

    Mutation putMaterial(WrappedMaterial material) {
        batch.putMaterial(material);
        return this;
    }

    /** Replaces a material version (imported material re-imported, deleted or expired). */
    Mutation replaceMaterial(WrappedMaterial material) {
        batch.replaceMaterial(material);
        return this;
    }

    /** Removes a material version that was never associated with its key for good (imported, pending rotation). */
    Mutation deleteMaterial(WrappedMaterial material) {
        batch.deleteMaterial(material.key(), material.version());
        return this;
    }

    Mutation putAlias(Alias alias) {
        batch.putAlias(alias);
        return this;
    }

    Mutation deleteAlias(Alias alias) {
        batch.deleteAlias(alias.account(), alias.region(), alias.name());
        return this;
    }

    Mutation putEvent(ReplicationEvent event) {
        batch.putEvent(event);
        return this;
    }

    Mutation deleteEvent(ReplicationEvent event) {
        batch.deleteEvent(event.sequence());
        return this;
    }

    Mutation putGrant(Grant grant) {
        batch.putGrant(grant);
        return this;
    }

    Mutation deleteGrant(Grant grant) {
        batch.deleteGrant(grant.key(), grant.grantId());
        return this;
    }

    /** Persists a key's last use; memory already holds it ({@link KeyUsageTracker}). */
    Mutation putKeyLastUsage(KeyLastUsage usage) {
        batch.putKeyLastUsage(usage);
        return this;
    }

    /** Removes everything the store holds (a reset for tests). */
    Mutation deleteEverything() {
        batch.deleteEverything();
        putKeys.clear();
        return this;
    }
}
