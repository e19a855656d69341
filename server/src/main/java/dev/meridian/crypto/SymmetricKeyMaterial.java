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
public final class SymmetricKeyMaterial implements KeyMaterial {
    private final SecretBytes secret;

    /** Takes ownership of {@code secret}, which must be 16 or 32 bytes. */
    SymmetricKeyMaterial(SecretBytes secret) {
        if (!SymmetricMaterial.isLengthOfSomePartition(secret.length())) {
            throw new IllegalArgumentException("Symmetric key material is 16 or 32 bytes");
        }
        this.secret = secret;
    }

    @Override
    public KeySpec spec() {
        return KeySpec.SYMMETRIC_DEFAULT;
    }

    @Override
    public boolean fitsPartition(Partition partition) {
        return secret.length() == SymmetricMaterial.length(partition);
    }

    @Override
    public SymmetricKeyMaterial symmetric() {
        return this;
    }

    /** Encrypts {@code plaintext} in the format this material makes, naming the key and version in the header. */
    public byte[] seal(CiphertextHeader header, byte[] plaintext, Map<String, String> encryptionContext) {
        return SymmetricCiphertextFormat.seal(header, secret, plaintext, encryptionContext);
    }

    /**
     * Decrypts and authenticates; {@link AuthenticationFailedException} on any mismatch, including a ciphertext
     * of the other format (AES material never opens an SM4 ciphertext, nor the reverse).
     */
    public byte[] open(byte[] ciphertext, Map<String, String> encryptionContext) {
        return SymmetricCiphertextFormat.open(ciphertext, secret, encryptionContext);
    }

    /** The secret, for the material service (wrapping, the material ID). Never hand it out of {@code crypto}. */
    SecretBytes secret() {
        return secret;
    }

    @Override
    public boolean equalsConstantTime(KeyMaterial other) {
        return other instanceof SymmetricKeyMaterial that && secret.equalsConstantTime(that.secret);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SymmetricKeyMaterial that && equalsConstantTime(that);
    }

    @Override
    public int hashCode() {
        return secret.length();
    }

    @Override
    public String toString() {
        return "SymmetricKeyMaterial[" + secret.length() + " bytes, redacted]";
    }

    @Override
    public void destroy() {
        secret.destroy();
    }
}
