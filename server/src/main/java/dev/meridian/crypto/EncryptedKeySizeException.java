package dev.meridian.crypto;

/**
 * Wrapped key material whose length cannot be what its wrapping produces for the key material Meridian
 * imports: not the RSA modulus length for RSA-OAEP, not the modulus length plus the AES-KWP wrap of a
 * 16- or 32-byte material for {@code RSA_AES_KEY_WRAP_*}, an SM2 ciphertext whose encrypted part is not 16
 * or 32 bytes. Found before anything is decrypted; says nothing about the key.
 */
public final class EncryptedKeySizeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EncryptedKeySizeException() {
        super("Invalid encrypted key size.", null, false, false);
    }
}
