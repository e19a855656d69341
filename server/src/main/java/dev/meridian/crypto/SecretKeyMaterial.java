package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import java.util.Objects;

/**
 * What every kind of {@link KeyMaterial} shares: its spec and its secret (a symmetric or HMAC secret, or the
 * PKCS#8 DER of a private key), compared in constant time, wiped by {@link #destroy()}. Material is equal only
 * to material of the same kind and spec with the same secret. Subclasses add their spec's operations and a
 * {@code toString} that never shows the secret.
 */
abstract class SecretKeyMaterial {
    private final KeySpec spec;
    private final SecretBytes secret;

    /** Takes ownership of {@code secret}. */
    SecretKeyMaterial(KeySpec spec, SecretBytes secret) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** The key spec this material belongs to. */
    public final KeySpec spec() {
        return spec;
    }

    /** The secret, for the material service (wrapping, the material ID) and the subclass. Never hand it out of {@code crypto}. */
    final SecretBytes secret() {
        return secret;
    }

    /** Compares in time that depends only on the sizes; material of another kind or spec is never equal. */
    public final boolean equalsConstantTime(KeyMaterial other) {
        return other instanceof SecretKeyMaterial that && getClass() == that.getClass() && spec == that.spec
                && secret.equalsConstantTime(that.secret);
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof KeyMaterial material && equalsConstantTime(material);
    }

    /** The secret's length, as {@link SecretBytes#hashCode()}: nothing of its content. */
    @Override
    public final int hashCode() {
        return secret.length();
    }

    /** Says what the material is, never its secret. */
    @Override
    public abstract String toString();

    /** Overwrites the secret; the object must not be used afterwards. */
    public final void destroy() {
        secret.destroy();
    }
}
