package dev.meridian.core;

import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.RootKey;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.WrappedMaterial;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key record as the registry holds it in memory: the committed record, its wrapped material versions,
 * and the material unwrapped on first use, typed by the key's spec ({@link KeyMaterial}). Immutable apart from
 * that cache; a write replaces the entry.
 */
final class KeyEntry {
    private final KeyRecord record;
    private final Map<Integer, WrappedMaterial> materials;
    private final Map<Integer, KeyMaterial> unwrapped = new ConcurrentHashMap<>();

    KeyEntry(KeyRecord record, Map<Integer, WrappedMaterial> materials) {
        this.record = record;
        this.materials = Map.copyOf(materials);
    }

    KeyRecord record() {
        return record;
    }

    Map<Integer, WrappedMaterial> materials() {
        return materials;
    }

    /** The material of {@code version} in the clear, or null when this key has no such version (or it is absent). */
    KeyMaterial material(int version, RootKey rootKey) {
        KeyMaterial cached = unwrapped.get(version);
        if (cached != null) {
            return cached;
        }
        WrappedMaterial wrapped = materials.get(version);
        if (wrapped == null || !wrapped.isPresent()) {
            return null;
        }
        KeyMaterial material = KeyMaterialService.unwrap(rootKey, record.keySpec(), wrapped.wrapped(),
                record.reference(), version);
        unwrapped.put(version, material);
        return material;
    }

    /** The same materials and cache under a new record (the materials belong to the same key). */
    KeyEntry withRecord(KeyRecord newRecord) {
        KeyEntry entry = new KeyEntry(newRecord, materials);
        entry.unwrapped.putAll(unwrapped);
        return entry;
    }
}
