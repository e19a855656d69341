package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.WrappedMaterial;
import java.util.HashMap;
import java.util.Map;

/**
 * The material a key of origin {@code EXTERNAL} may take, by key material ID: every version it has had
 * (held or absent) and, for a replica, every version of its primary, whose material is shared by the whole
 * family. A key with none may take any material once.
 */
final class MaterialAssociation {
    private MaterialAssociation() {
    }

    static Map<String, WrappedMaterial> of(KeyRegistry registry, KeyEntry entry) {
        Map<String, WrappedMaterial> associated = new HashMap<>();
        KeyRecord key = entry.record();
        if (key.isReplica()) {
            KeyEntry primary = registry.find(key.reference().inRegion(key.primaryRegion()));
            if (primary != null) {
                primary.materials().values().forEach(material -> associated.put(material.info().keyMaterialId(), material));
            }
        }
        entry.materials().values().forEach(material -> associated.put(material.info().keyMaterialId(), material));
        return associated;
    }
}
