package dev.meridian.crypto;

/**
 * The key that protects all key material at rest. Implementations: a file in the data folder now, an HSM
 * later. Guarantees: {@link #wrap} output reveals nothing of the material; {@link #unwrap} succeeds only
 * with the associated data used to wrap, so a wrapped blob cannot be moved to another key record.
 * Thread-safe.
 */
public interface RootKey {

    byte[] wrap(SecretBytes material, byte[] associatedData);

    /** Throws {@link AuthenticationFailedException} when the blob or the associated data does not match. */
    SecretBytes unwrap(byte[] wrapped, byte[] associatedData);
}
