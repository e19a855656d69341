package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import java.util.List;

/**
 * A key as operations report it: its record and, for a multi-Region key, the family as this Region sees
 * it: the primary and every replica (a replica's view includes itself).
 *
 * @param primary the primary key; null for a single-Region key
 * @param replicas the replicas in Region name order; empty for a single-Region key
 */
public record KeyView(KeyRecord record, KeyReference primary, List<KeyReference> replicas) {
    public KeyView {
        replicas = List.copyOf(replicas);
    }

    static KeyView of(KeyRegistry registry, KeyRecord record) {
        if (!record.multiRegion()) {
            return new KeyView(record, null, List.of());
        }
        KeyReference reference = record.reference();
        List<KeyReference> replicas = registry.familyRegions(reference.account(), reference.keyId()).stream()
                .filter(region -> !region.equals(record.primaryRegion()))
                .map(reference::inRegion)
                .toList();
        return new KeyView(record, reference.inRegion(record.primaryRegion()), replicas);
    }
}
