package dev.meridian.store;

import dev.meridian.model.Alias;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.ReplicationEvent;
import dev.meridian.model.WrappedMaterial;
import java.util.List;

/** A full, immutable copy of what a {@link Store} holds. */
public record StoreContents(List<KeyRecord> keys, List<WrappedMaterial> materials, List<Alias> aliases,
        List<ReplicationEvent> events) {
    public StoreContents {
        keys = List.copyOf(keys);
        materials = List.copyOf(materials);
        aliases = List.copyOf(aliases);
        events = List.copyOf(events);
    }
}
