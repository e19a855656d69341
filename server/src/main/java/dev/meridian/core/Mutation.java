package dev.meridian.core;

import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import dev.meridian.store.StoreBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes of one write, collected before anything is committed: the registry commits them to the store
 * in one transaction and only then shows them in memory, so a failed write leaves nothing behind.
 */
final class Mutation {
    final StoreBatch batch = new StoreBatch();
    final Map<KeyReference, KeyRecord> putKeys = new LinkedHashMap<>();
    final List<KeyReference> deletedKeys = new ArrayList<>();
    final List<WrappedMaterial> putMaterials = new ArrayList<>();
    final List<WrappedMaterial> deletedMaterials = new ArrayList<>();
    final List<Alias> putAliases = new ArrayList<>();
    final List<Alias> deletedAliases = new ArrayList<>();
    final List<ReplicationEvent> putEvents = new ArrayList<>();
    final List<Long> deletedEvents = new ArrayList<>();
    final List<Grant> putGrants = new ArrayList<>();
    final List<Grant> deletedGrants = new ArrayList<>();

    Mutation putKey(KeyRecord key) {
        batch.putKey(key);
        putKeys.put(key.reference(), key);
        return this;
    }

    Mutation deleteKey(KeyReference key) {
        batch.deleteKey(key);
        deletedKeys.add(key);
        return this;
    }

    Mutation putMaterial(WrappedMaterial material) {
        batch.putMaterial(material);
        return showMaterial(material);
    }

    /** Replaces a material version (imported material re-imported, deleted or expired). */
    Mutation replaceMaterial(WrappedMaterial material) {
        batch.replaceMaterial(material);
        return showMaterial(material);
    }

    /**
     * What memory will show of a version put: the store applies a batch in order, so a put after a deletion
     * of the same version wins, and memory must agree.
     */
    private Mutation showMaterial(WrappedMaterial material) {
        deletedMaterials.removeIf(deleted -> sameVersion(deleted, material));
        putMaterials.add(material);
        return this;
    }

    private static boolean sameVersion(WrappedMaterial one, WrappedMaterial other) {
        return one.key().equals(other.key()) && one.version() == other.version();
    }

    /** Removes a material version that was never associated with its key for good (imported, pending rotation). */
    Mutation deleteMaterial(WrappedMaterial material) {
        batch.deleteMaterial(material.key(), material.version());
        putMaterials.removeIf(put -> sameVersion(put, material));
        deletedMaterials.add(material);
        return this;
    }

    Mutation putAlias(Alias alias) {
        batch.putAlias(alias);
        putAliases.add(alias);
        return this;
    }

    Mutation deleteAlias(Alias alias) {
        batch.deleteAlias(alias.account(), alias.region(), alias.name());
        deletedAliases.add(alias);
        return this;
    }

    Mutation putEvent(ReplicationEvent event) {
        batch.putEvent(event);
        putEvents.add(event);
        return this;
    }

    Mutation deleteEvent(ReplicationEvent event) {
        batch.deleteEvent(event.sequence());
        deletedEvents.add(event.sequence());
        return this;
    }

    Mutation putGrant(Grant grant) {
        batch.putGrant(grant);
        putGrants.add(grant);
        return this;
    }

    Mutation deleteGrant(Grant grant) {
        batch.deleteGrant(grant.key(), grant.grantId());
        deletedGrants.add(grant);
        return this;
    }

    /** Persists a key's last use; memory already holds it ({@link KeyUsageTracker}). */
    Mutation putKeyLastUsage(KeyLastUsage usage) {
        batch.putKeyLastUsage(usage);
        return this;
    }
}
