package dev.meridian.crypto;

import dev.meridian.model.KeySpec;

import java.security.PrivateKey;

/**
 * An RSA wrapping private key, unwrapping with {@link KeyMaterialUnwrapper}. The JDK's RSA key object cannot
 * be wiped, so {@link #destroy()} only lets go of it.
 */
record RsaWrappingKey(PrivateKey privateKey, int modulusBytes) implements WrappingPrivateKey {

    @Override
    public SecretBytes unwrap(WrappingAlgorithm algorithm, byte[] encrypted, KeySpec spec) {
        if (!algorithm.isRsa()) {
            throw new AuthenticationFailedException();
        }
        return KeyMaterialUnwrapper.unwrap(privateKey, modulusBytes, algorithm, encrypted, spec);
    }

    @Override
    public void destroy() {
    }

    @Override
    public String toString() {
        return "RsaWrappingKey[" + modulusBytes * 8 + " bits, redacted]";
    }
}
