package dev.meridian.core;

import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.WrappedMaterial;
import java.time.Instant;
import java.util.List;

/**
 * A key as operations report it: its record and, for a multi-Region key, the family as this Region sees
 * it: the primary and every replica (a replica's view includes itself).
 *
 * @param primary the primary key; null for a single-Region key
 * @param replicas the replicas in Region name order; empty for a single-Region key
 * @param currentKeyMaterialId the {@code KeyMaterialId} of the version the key encrypts with; null while it
 *     has no material
 * @param materialExpiry for a key of origin {@code EXTERNAL} that holds imported material, whether and when
 *     it expires; null otherwise (no material, or not imported)
 */
public record KeyView(KeyRecord record, KeyReference primary, List<KeyReference> replicas, String currentKeyMaterialId,
        MaterialExpiry materialExpiry) {
    public KeyView {
        replicas = List.copyOf(replicas);
    }

    KeyView(KeyRecord record, KeyReference primary, List<KeyReference> replicas) {
        this(record, primary, replicas, null, null);
    }

    KeyView(KeyRecord record, KeyReference primary, List<KeyReference> replicas, String currentKeyMaterialId) {
        this(record, primary, replicas, currentKeyMaterialId, null);
    }

    /**
     * The expiry of a key's imported material, as {@code ExpirationModel} and {@code ValidTo} show it.
     *
     * @param validTo the earliest expiry of the material it holds that is associated with it for good (not
     *     material waiting for a rotation); null when none expires
     */
    public record MaterialExpiry(Instant validTo) {
        public boolean expires() {
            return validTo != null;
        }
    }

    static KeyView of(KeyRegistry registry, KeyRecord record) {
        KeyEntry entry = registry.find(record.reference());
        String currentKeyMaterialId = currentKeyMaterialId(entry, record);
        MaterialExpiry expiry = materialExpiry(entry, record);
        if (!record.multiRegion()) {
            return new KeyView(record, null, List.of(), currentKeyMaterialId, expiry);
        }
        KeyReference reference = record.reference();
        List<KeyReference> replicas = registry.familyRegions(reference.account(), reference.keyId()).stream()
                .filter(region -> !region.equals(record.primaryRegion()))
                .map(reference::inRegion)
                .toList();
        return new KeyView(record, reference.inRegion(record.primaryRegion()), replicas, currentKeyMaterialId, expiry);
    }

    private static String currentKeyMaterialId(KeyEntry entry, KeyRecord record) {
        var material = entry == null ? null : entry.materials().get(record.currentMaterialVersion());
        return material == null ? null : material.info().keyMaterialId();
    }

    private static MaterialExpiry materialExpiry(KeyEntry entry, KeyRecord record) {
        if (entry == null || record.origin() != KeyOrigin.EXTERNAL) {
            return null;
        }
        boolean held = false;
        Instant earliest = null;
        for (WrappedMaterial material : entry.materials().values()) {
            // Only material associated for good counts: not material waiting for a rotation.
            if (!material.isPresent() || material.version() > record.currentMaterialVersion()) {
                continue;
            }
            held = true;
            Instant validTo = material.info().validTo();
            if (validTo != null && (earliest == null || validTo.isBefore(earliest))) {
                earliest = validTo;
            }
        }
        return held ? new MaterialExpiry(earliest) : null;
    }
}
