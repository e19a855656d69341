package dev.meridian.store;

import dev.meridian.model.Alias;
import dev.meridian.model.Grant;
import dev.meridian.model.KeyLastUsage;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import java.util.List;

/**
 * A full, immutable copy of what a {@link Store} holds at {@code position} (see {@link Store}: the position of the
 * last commit this copy reflects).
 */
public record StoreContents(long position, List<KeyRecord> keys, List<WrappedMaterial> materials, List<Alias> aliases,
        List<ReplicationEvent> events, List<Grant> grants, List<KeyLastUsage> lastUsages) {
    public StoreContents {
        keys = List.copyOf(keys);
        materials = List.copyOf(materials);
        aliases = List.copyOf(aliases);
        events = List.copyOf(events);
        grants = List.copyOf(grants);
        lastUsages = List.copyOf(lastUsages);
    }

    /** Contents at position 0 without grants or usage records. */
    public StoreContents(List<KeyRecord> keys, List<WrappedMaterial> materials, List<Alias> aliases,
            List<ReplicationEvent> events) {
        this(0, keys, materials, aliases, events, List.of(), List.of());
    }
}
