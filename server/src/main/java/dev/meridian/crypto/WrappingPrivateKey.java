package dev.meridian.crypto;

import dev.meridian.model.KeySpec;

/**
 * The private half of an import token's wrapping key pair, once the token is opened: RSA or SM2. It lives
 * no longer than the request that opened it; {@link #destroy()} wipes what can be wiped.
 */
public sealed interface WrappingPrivateKey permits RsaWrappingKey, Sm2WrappingKey {

    /**
     * The key material that a client wrapped with {@code algorithm} under the matching public key, for a key of
     * {@code spec}; throws {@link EncryptedKeySizeException} when the wrapped material's size cannot be that of
     * material of {@code spec} wrapped this way ({@link KeyMaterialService#takesLength}, checked before any
     * decryption where the size shows), {@link AuthenticationFailedException} when it does not open.
     */
    SecretBytes unwrap(WrappingAlgorithm algorithm, byte[] encrypted, KeySpec spec);

    void destroy();
}
