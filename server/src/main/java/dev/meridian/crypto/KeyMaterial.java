package dev.meridian.crypto;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;

/**
 * The material of one version of a key, typed by the key's spec: the only form in which key material in
 * the clear leaves {@code crypto}. Each implementation holds the material of one spec and exposes only the
 * operations valid for it (symmetric material seals and opens), so no code path can use a key's material
 * with another spec's algorithm. {@link KeyMaterialService} makes, wraps, unwraps and identifies it.
 *
 * <p>Every implementation extends {@link SecretKeyMaterial}, which holds the spec and the secret. Like
 * {@link SecretBytes}, which it holds: immutable except that {@link #destroy()} wipes it, no
 * {@code toString} of the content, {@code equals} in constant time. Ownership follows the same rule: material
 * made for one request (generated, imported, rotated in) is destroyed by its owner in a {@code finally};
 * material in a key's cache ({@code core.KeyEntry}) is shared by concurrent requests and never destroyed.
 */
public sealed interface KeyMaterial permits SymmetricKeyMaterial, HmacKeyMaterial, AsymmetricKeyMaterial {

    /** The key spec this material belongs to. */
    KeySpec spec();

    /** Whether a new key of this spec in {@code partition} takes this material (its algorithm and size). */
    boolean fitsPartition(Partition partition);

    /**
     * This material for symmetric encryption; throws {@link IllegalStateException} when its spec is not
     * {@code SYMMETRIC_DEFAULT}.
     */
    default SymmetricKeyMaterial symmetric() {
        throw new IllegalStateException("Key material of spec " + spec() + " is not symmetric");
    }

    /**
     * This material for HMAC; throws {@link IllegalStateException} when its spec is not an {@code HMAC_*} spec.
     */
    default HmacKeyMaterial hmac() {
        throw new IllegalStateException("Key material of spec " + spec() + " is not HMAC material");
    }

    /**
     * This material as a private key; throws {@link IllegalStateException} when its spec is symmetric or HMAC.
     */
    default AsymmetricKeyMaterial asymmetric() {
        throw new IllegalStateException("Key material of spec " + spec() + " is not asymmetric");
    }

    /**
     * This material for signing; throws {@link IllegalStateException} when its spec does not sign.
     */
    default SigningKeyMaterial signing() {
        throw new IllegalStateException("Key material of spec " + spec() + " is not signing material");
    }

    /**
     * This material for asymmetric encryption; throws {@link IllegalStateException} when its spec does not
     * encrypt asymmetrically.
     */
    default DecryptionKeyMaterial decryption() {
        throw new IllegalStateException("Key material of spec " + spec() + " is not asymmetric encryption material");
    }

    /**
     * This material for key agreement; throws {@link IllegalStateException} when its spec does not agree keys.
     */
    default AgreementKeyMaterial agreement() {
        throw new IllegalStateException("Key material of spec " + spec() + " is not key agreement material");
    }

    /** Compares in time that depends only on the sizes; material of different specs is never equal. */
    boolean equalsConstantTime(KeyMaterial other);

    /** Overwrites the secret; the object must not be used afterwards. */
    void destroy();
}
