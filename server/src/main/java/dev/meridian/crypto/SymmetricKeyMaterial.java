package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.util.Map;

/**
 * The material of a {@code SYMMETRIC_DEFAULT} key: 32 bytes for AES-256-GCM (ciphertext format 1) or, in the
 * China Regions, 16 bytes for SM4-GCM (format 2), as {@link SymmetricMaterial} assigns them by partition. It
 * seals and opens {@link SymmetricCiphertextFormat} ciphertexts and nothing else. Immutable and thread-safe
 * until {@link #destroy()}; the rules of {@link KeyMaterial} apply.
 */
public final class SymmetricKeyMaterial extends SecretKeyMaterial implements KeyMaterial {

    /** Takes ownership of {@code secret}, which must be 16 or 32 bytes. */
    SymmetricKeyMaterial(SecretBytes secret) {
        super(KeySpec.SYMMETRIC_DEFAULT, secret);
        if (!SymmetricMaterial.isLengthOfSomePartition(secret.length())) {
            throw new IllegalArgumentException("Symmetric key material is 16 or 32 bytes");
        }
    }

    @Override
    public boolean fitsPartition(Partition partition) {
        return secret().length() == SymmetricMaterial.length(partition);
    }

    @Override
    public SymmetricKeyMaterial symmetric() {
        return this;
    }

    /** Encrypts {@code plaintext} in the format this material makes, naming the key and version in the header. */
    public byte[] seal(CiphertextHeader header, byte[] plaintext, Map<String, String> encryptionContext) {
        return SymmetricCiphertextFormat.seal(header, secret(), plaintext, encryptionContext);
    }

    /**
     * Decrypts and authenticates; {@link AuthenticationFailedException} on any mismatch, including a ciphertext
     * of the other format (AES material never opens an SM4 ciphertext, nor the reverse).
     */
    public byte[] open(byte[] ciphertext, Map<String, String> encryptionContext) {
        return SymmetricCiphertextFormat.open(ciphertext, secret(), encryptionContext);
    }

    @Override
    public String toString() {
        return "SymmetricKeyMaterial[" + secret().length() + " bytes, redacted]";
    }

}
