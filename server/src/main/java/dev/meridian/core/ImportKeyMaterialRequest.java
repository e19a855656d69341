package dev.meridian.core;

import java.time.Instant;

/**
 * What ImportKeyMaterial asks for, in domain terms, with the wire's enum names. Absent members are null.
 *
 * @param expirationModel {@code KEY_MATERIAL_EXPIRES} or {@code KEY_MATERIAL_DOES_NOT_EXPIRE}; null means the
 *     first (AWS's default)
 * @param importType {@code NEW_KEY_MATERIAL} or {@code EXISTING_KEY_MATERIAL}; null means new material for a
 *     key that never had any, the existing material otherwise
 */
public record ImportKeyMaterialRequest(String keyId, byte[] importToken, byte[] encryptedKeyMaterial, Instant validTo,
        String expirationModel, String importType, String keyMaterialDescription, String keyMaterialId) {
    public ImportKeyMaterialRequest {
        importToken = importToken.clone();
        encryptedKeyMaterial = encryptedKeyMaterial.clone();
    }

    @Override
    public byte[] importToken() {
        return importToken.clone();
    }

    @Override
    public byte[] encryptedKeyMaterial() {
        return encryptedKeyMaterial.clone();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ImportKeyMaterialRequest[" + keyId + ", " + importType + ", " + expirationModel + "]";
    }
}
