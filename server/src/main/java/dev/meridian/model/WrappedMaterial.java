package dev.meridian.model;

import java.util.Arrays;

/**
 * One version of a key's material as the store keeps it: encrypted under the root key, bound to the key
 * record it belongs to. Holds no secret in the clear.
 */
public record WrappedMaterial(KeyReference key, int version, byte[] wrapped) {
    public WrappedMaterial {
        if (version < 1) {
            throw new IllegalArgumentException("Material versions start at 1");
        }
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedMaterial that && key.equals(that.key) && version == that.version
                && Arrays.equals(wrapped, that.wrapped);
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
