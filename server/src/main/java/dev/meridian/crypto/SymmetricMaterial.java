package dev.meridian.crypto;

import dev.meridian.model.Partition;

/**
 * The key material of a {@code SYMMETRIC_DEFAULT} key, by partition, as AWS defines the key spec: a 256-bit
 * AES key, except in the China Regions ({@code aws-cn}), where it is a 128-bit SM4 key. The length of the
 * material chooses the ciphertext format ({@link SymmetricCiphertextFormat}), so a key keeps working with
 * whatever material its versions hold. Used by {@link SymmetricKeyMaterial} and {@link KeyMaterialService};
 * outside {@code crypto} only the typed {@link KeyMaterial} is seen.
 */
final class SymmetricMaterial {
    private SymmetricMaterial() {
    }

    /** How many bytes of material a new key, rotation or import takes in {@code partition}: 16 or 32. */
    static int length(Partition partition) {
        return partition == Partition.AWS_CN ? Sm4Gcm.KEY_LENGTH : 32;
    }

    /** Whether the keys of some partition take material of {@code length} bytes (16 or 32). */
    static boolean isLengthOfSomePartition(int length) {
        return length == Sm4Gcm.KEY_LENGTH || length == 32;
    }

    /** Fresh random material for a key of {@code partition}. */
    static SecretBytes generate(Partition partition) {
        return SecretBytes.random(length(partition));
    }
}
