package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.AgreementKeyMaterial;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.RequestContext;

/**
 * DeriveSharedSecret on key agreement keys ({@code KEY_AGREEMENT}: ECC_NIST_P256, P384, P521): the raw ECDH shared
 * secret of the key's private key and a peer's public key. Never touches the store and never blocks: keys come
 * from the registry's memory, material is unwrapped once and kept. The replicas of a multi-Region key hold the
 * same private key, so every Region derives the same secret. Thread-safe.
 */
public final class KeyAgreementOperations {
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final KeyUsageTracker usage;

    /**
     * A shared secret (the caller owns it and destroys it) with the key that derived it (its ARN in the caller's
     * Region), the algorithm and the key's origin, as the response names them.
     */
    public record SharedSecret(SecretBytes secret, KeyReference key, String keyAgreementAlgorithm, KeyOrigin origin) {
        @Override
        public String toString() {
            return "SharedSecret[" + key.arn() + ", " + keyAgreementAlgorithm + ", redacted]";
        }
    }

    KeyAgreementOperations(KeyRegistry registry, KeyUsageTracker usage, AwsManagedKeys awsManagedKeys) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry, awsManagedKeys);
        this.usage = usage;
    }

    /**
     * The shared secret of the key's current private key and {@code peerPublicKeyInfo} (DER SubjectPublicKeyInfo)
     * with {@code keyAgreementAlgorithm} ({@code ECDH}, the model's one value). Checks in AWS's order: the key,
     * its state, its usage ({@code InvalidKeyUsageException}), then the public key: one that is not a DER
     * SubjectPublicKeyInfo of a valid point on the key's own curve is refused with {@code ValidationException}
     * without a message, as AWS answers a malformed one.
     */
    public SharedSecret deriveSharedSecret(RequestContext caller, String keyId, String keyAgreementAlgorithm,
            byte[] peerPublicKeyInfo) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED, Access.to("DeriveSharedSecret")
                .with("kms:KeyAgreementAlgorithm", keyAgreementAlgorithm == null ? "ECDH" : keyAgreementAlgorithm));
        KeyRecord key = entry.record();
        KeyStateRules.DERIVE_SHARED_SECRET.check(key);
        if (key.keyUsage() != KeyUsage.KEY_AGREEMENT) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    key.arn() + " key usage is " + key.keyUsage() + " which is not valid for DeriveSharedSecret.");
        }
        if (!key.keySpec().algorithms(KeyUsage.KEY_AGREEMENT).contains(keyAgreementAlgorithm)) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    "Algorithm " + keyAgreementAlgorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
        AgreementKeyMaterial material = current(entry).agreement();
        SecretBytes secret;
        try {
            secret = material.deriveSharedSecret(peerPublicKeyInfo);
        } catch (IllegalArgumentException refused) {
            throw KmsException.withoutMessage(ErrorCode.VALIDATION);
        }
        SharedSecret shared = new SharedSecret(secret, key.reference(), keyAgreementAlgorithm, key.origin());
        usage.record(shared.key(), "DeriveSharedSecret", caller);
        return shared;
    }

    private KeyMaterial current(KeyEntry entry) {
        KeyRecord key = entry.record();
        KeyMaterial material = entry.material(key.currentMaterialVersion(), registry.rootKey());
        if (material == null) {
            throw KmsException.forState(key);
        }
        return material;
    }
}
