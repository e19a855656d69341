package dev.meridian.model;

import java.util.Arrays;

/**
 * One version of a key's material as the store keeps it: encrypted under the root key, bound to the key
 * record it belongs to, with what is known of it. Holds no secret in the clear.
 *
 * <p>Imported material that was deleted or expired stays as an <em>absent</em> version (no wrapped bytes,
 * {@link #isPresent()} false): its information, above all its key material ID, tells which material may be
 * imported again into that version.
 */
public record WrappedMaterial(KeyReference key, int version, byte[] wrapped, MaterialInfo info) {
    public WrappedMaterial {
        if (version < 1) {
            throw new IllegalArgumentException("Material versions start at 1");
        }
        if (info == null) {
            throw new IllegalArgumentException("Material has its information");
        }
        wrapped = wrapped.clone();
    }

    /** A version whose imported material was deleted or expired: only its information remains. */
    public static WrappedMaterial absent(KeyReference key, int version, MaterialInfo info) {
        return new WrappedMaterial(key, version, new byte[0], info);
    }

    /** Whether the material itself is held (false once imported material was deleted or expired). */
    public boolean isPresent() {
        return wrapped.length > 0;
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedMaterial that && key.equals(that.key) && version == that.version
                && Arrays.equals(wrapped, that.wrapped) && info.equals(that.info);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + version;
    }

    @Override
    public String toString() {
        return "WrappedMaterial{" + key.arn() + ", version " + version + "}";
    }
}
