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
import java.util.ArrayList;
import java.util.List;

/** Changes that a {@link Store} applies together or not at all, in the order they were added. */
public final class StoreBatch {
    private final List<StoreChange> changes = new ArrayList<>();

    public StoreBatch putKey(KeyRecord key) {
        changes.add(new StoreChange.PutKey(key));
        return this;
    }

    /** Replaces a key whole (see {@link StoreChange.KeySnapshot}). */
    public StoreBatch putKeySnapshot(KeyRecord key, List<WrappedMaterial> materials, List<Grant> grants) {
        changes.add(new StoreChange.KeySnapshot(key, materials, grants));
        return this;
    }

    public StoreBatch deleteKey(KeyReference key) {
        changes.add(new StoreChange.DeleteKey(key));
        return this;
    }

    public StoreBatch putMaterial(WrappedMaterial material) {
        changes.add(new StoreChange.PutMaterial(material));
        return this;
    }

    public StoreBatch replaceMaterial(WrappedMaterial material) {
        changes.add(new StoreChange.ReplaceMaterial(material));
        return this;
    }

    public StoreBatch deleteMaterial(KeyReference key, int version) {
        changes.add(new StoreChange.DeleteMaterial(key, version));
        return this;
    }

    public StoreBatch putAlias(Alias alias) {
        changes.add(new StoreChange.PutAlias(alias));
        return this;
    }

    public StoreBatch deleteAlias(AccountId account, Region region, String name) {
        changes.add(new StoreChange.DeleteAlias(account, region, name));
        return this;
    }

    public StoreBatch putEvent(ReplicationEvent event) {
        changes.add(new StoreChange.PutEvent(event));
        return this;
    }

    public StoreBatch deleteEvent(long sequence) {
        changes.add(new StoreChange.DeleteEvent(sequence));
        return this;
    }

    public StoreBatch putGrant(Grant grant) {
        changes.add(new StoreChange.PutGrant(grant));
        return this;
    }

    public StoreBatch deleteGrant(KeyReference key, String grantId) {
        changes.add(new StoreChange.DeleteGrant(key, grantId));
        return this;
    }

    public StoreBatch putKeyLastUsage(KeyLastUsage usage) {
        changes.add(new StoreChange.PutKeyLastUsage(usage));
        return this;
    }

    /** Removes everything the store holds (see {@link StoreChange.DeleteEverything}). */
    public StoreBatch deleteEverything() {
        changes.add(new StoreChange.DeleteEverything());
        return this;
    }

    public List<StoreChange> changes() {
        return List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
