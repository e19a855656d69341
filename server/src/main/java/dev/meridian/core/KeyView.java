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
 * @param currentKeyMaterialId the {@code KeyMaterialId} of the version the key encrypts with; null while it
 *     has no material
 */
public record KeyView(KeyRecord record, KeyReference primary, List<KeyReference> replicas, String currentKeyMaterialId) {
    public KeyView {
        replicas = List.copyOf(replicas);
    }

    KeyView(KeyRecord record, KeyReference primary, List<KeyReference> replicas) {
        this(record, primary, replicas, null);
    }

    static KeyView of(KeyRegistry registry, KeyRecord record) {
        String currentKeyMaterialId = currentKeyMaterialId(registry, record);
        if (!record.multiRegion()) {
            return new KeyView(record, null, List.of(), currentKeyMaterialId);
        }
        KeyReference reference = record.reference();
        List<KeyReference> replicas = registry.familyRegions(reference.account(), reference.keyId()).stream()
                .filter(region -> !region.equals(record.primaryRegion()))
                .map(reference::inRegion)
                .toList();
        return new KeyView(record, reference.inRegion(record.primaryRegion()), replicas, currentKeyMaterialId);
    }

    private static String currentKeyMaterialId(KeyRegistry registry, KeyRecord record) {
        KeyEntry entry = registry.find(record.reference());
        var material = entry == null ? null : entry.materials().get(record.currentMaterialVersion());
        return material == null ? null : material.info().keyMaterialId();
    }
}
