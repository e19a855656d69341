package dev.meridian.crypto;

import dev.meridian.model.KeySpec;

/** An SM2 wrapping private key (its 32-byte scalar), unwrapping SM2PKE with {@link Sm2Encryption}. */
final class Sm2WrappingKey implements WrappingPrivateKey {
    private final SecretBytes scalar;

    /** Takes ownership of {@code scalar}: {@link #destroy()} wipes it. */
    Sm2WrappingKey(SecretBytes scalar) {
        this.scalar = scalar;
    }

    @Override
    public SecretBytes unwrap(WrappingAlgorithm algorithm, byte[] encrypted, KeySpec spec) {
        if (algorithm != WrappingAlgorithm.SM2PKE) {
            throw new AuthenticationFailedException();
        }
        return Sm2Encryption.decrypt(scalar, encrypted, spec);
    }

    @Override
    public void destroy() {
        scalar.destroy();
    }

    @Override
    public String toString() {
        return "Sm2WrappingKey[redacted]";
    }
}
