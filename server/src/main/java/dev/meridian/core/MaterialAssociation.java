package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.WrappedMaterial;
import java.util.HashMap;
import java.util.Map;

/**
 * Which material a key of origin {@code EXTERNAL} is associated with, across its multi-Region family.
 *
 * <p>The versions up to a key's current version are associated with it for good: the key is usable only
 * while it holds every one of them. A version above the current one is material imported for the next
 * on-demand rotation ({@code PENDING_ROTATION}): it is never used to encrypt, at most one waits at a time,
 * and deleting it or letting it expire discards it entirely. A replica shares its primary's versions, so it
 * may take any of them, and it follows its primary's current version.
 */
final class MaterialAssociation {
    private MaterialAssociation() {
    }

    /**
     * The material {@code entry} may take, by key material ID: every version it has had (held or absent)
     * and, for a replica, every version of its primary. A key with none may take any material once.
     */
    static Map<String, WrappedMaterial> of(KeyRegistry registry, KeyEntry entry) {
        Map<String, WrappedMaterial> associated = new HashMap<>();
        KeyEntry primary = primaryOf(registry, entry);
        if (primary != null) {
            primary.materials().values().forEach(material -> associated.put(material.info().keyMaterialId(), material));
        }
        entry.materials().values().forEach(material -> associated.put(material.info().keyMaterialId(), material));
        return associated;
    }

    /** The version waiting for an on-demand rotation of imported material, or null when none waits. */
    static WrappedMaterial pendingRotation(KeyEntry entry) {
        int current = entry.record().currentMaterialVersion();
        if (current == 0) {
            return null;
        }
        return entry.materials().values().stream().filter(material -> material.version() > current)
                .findFirst().orElse(null);
    }

    /** The current version of the family: the primary's for a replica whose primary exists, the key's own otherwise. */
    static int familyCurrentVersion(KeyRegistry registry, KeyEntry entry) {
        KeyEntry primary = primaryOf(registry, entry);
        return primary == null ? entry.record().currentMaterialVersion() : primary.record().currentMaterialVersion();
    }

    /**
     * Whether a key whose current version is {@code current} holds every version associated with it for
     * good, with {@code version} counted as held: the condition for leaving {@code PendingImport}.
     */
    static boolean holdsAllAssociated(Map<String, WrappedMaterial> associated, KeyEntry entry, int current,
            int version) {
        for (WrappedMaterial material : associated.values()) {
            int needed = material.version();
            if (needed > current || needed == version) {
                continue;
            }
            WrappedMaterial own = entry.materials().get(needed);
            if (own == null || !own.isPresent()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Discards material that waited for a rotation (deleted or expired before it). Discarded at a single-Region
     * key or a primary, it leaves the whole family, since replicas hold it only to follow the primary.
     */
    static void discardPendingRotation(KeyRegistry registry, KeyEntry entry, WrappedMaterial pending,
            Mutation mutation) {
        mutation.deleteMaterial(pending);
        KeyRecord key = entry.record();
        if (!key.multiRegion() || key.isReplica()) {
            return;
        }
        KeyReference reference = key.reference();
        for (Region region : registry.familyRegions(reference.account(), reference.keyId())) {
            KeyEntry member = registry.find(reference.inRegion(region));
            if (member == null || member == entry) {
                continue;
            }
            WrappedMaterial copy = member.materials().get(pending.version());
            if (copy != null && copy.version() > member.record().currentMaterialVersion()) {
                mutation.deleteMaterial(copy);
            }
        }
    }

    private static KeyEntry primaryOf(KeyRegistry registry, KeyEntry entry) {
        KeyRecord key = entry.record();
        return key.isReplica() ? registry.find(key.reference().inRegion(key.primaryRegion())) : null;
    }
}
