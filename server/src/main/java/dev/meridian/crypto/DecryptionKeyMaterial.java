package dev.meridian.crypto;

/**
 * The private key of an asymmetric encryption key ({@code ENCRYPT_DECRYPT}: RSA with RSAES-OAEP, SM2 with
 * SM2PKE). Encrypt uses the public key, so that a ciphertext made by anyone with the public key (OpenSSL,
 * the JDK) opens here. The algorithms are the wire's names ({@code RSAES_OAEP_SHA_256}, ...); the caller has
 * checked that the algorithm is one of the spec's. The rules of {@link KeyMaterial} apply.
 */
public sealed interface DecryptionKeyMaterial extends AsymmetricKeyMaterial permits RsaKeyMaterial, Sm2KeyMaterial {

    @Override
    default DecryptionKeyMaterial decryption() {
        return this;
    }

    /** The largest plaintext, in bytes, that {@code encryptionAlgorithm} encrypts under this key. */
    int maximumPlaintextLength(String encryptionAlgorithm);

    /** The ciphertext of {@code plaintext} (at most {@link #maximumPlaintextLength} bytes). */
    byte[] encrypt(String encryptionAlgorithm, byte[] plaintext);

    /**
     * The plaintext of {@code ciphertext}; throws {@link AuthenticationFailedException}, which says nothing
     * about why, when it does not open with this key and algorithm (wrong length, wrong padding, wrong key).
     */
    SecretBytes decrypt(String encryptionAlgorithm, byte[] ciphertext) throws AuthenticationFailedException;
}
