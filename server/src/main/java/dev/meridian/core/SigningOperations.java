package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.MessageType;
import dev.meridian.crypto.SigningKeyMaterial;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.RequestContext;

/**
 * Sign and Verify on signing keys ({@code SIGN_VERIFY}), and GetPublicKey on every asymmetric key. Never touches the store and never
 * blocks: keys come from the registry's memory, material is unwrapped once and kept. Thread-safe.
 */
public final class SigningOperations {
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final KeyUsageTracker usage;

    /** A signature and the key (its ARN in the caller's Region) that made it. */
    public record Signed(byte[] signature, KeyReference key, String signingAlgorithm) {
    }

    /** A key's public key (DER SubjectPublicKeyInfo) with what describes it. */
    public record PublicKey(byte[] publicKeyInfo, KeyRecord key) {
    }

    SigningOperations(KeyRegistry registry, KeyUsageTracker usage, AwsManagedKeys awsManagedKeys) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry, awsManagedKeys);
        this.usage = usage;
    }

    /**
     * The DER signature of {@code message} (of {@code messageType}) under the key's current material with
     * {@code signingAlgorithm}, one of its spec's.
     */
    public Signed sign(RequestContext caller, String keyId, byte[] message, MessageType messageType, String signingAlgorithm) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED, signing("Sign", messageType, signingAlgorithm));
        SigningKeyMaterial material = material(entry, KeyStateRules.SIGN, "Sign", signingAlgorithm);
        checkMessage(message, messageType, signingAlgorithm);
        Signed signed = new Signed(material.sign(signingAlgorithm, message, messageType), entry.record().reference(),
                signingAlgorithm);
        usage.record(signed.key(), "Sign", caller);
        return signed;
    }

    /**
     * The key when {@code signature} is a valid signature of {@code message} under it; otherwise
     * {@code KMSInvalidSignatureException}, without a message, as AWS answers.
     */
    public KeyReference verify(RequestContext caller, String keyId, byte[] message, MessageType messageType, byte[] signature,
            String signingAlgorithm) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED, signing("Verify", messageType, signingAlgorithm));
        SigningKeyMaterial material = material(entry, KeyStateRules.VERIFY, "Verify", signingAlgorithm);
        checkMessage(message, messageType, signingAlgorithm);
        if (!material.verify(signingAlgorithm, message, messageType, signature)) {
            throw KmsException.withoutMessage(ErrorCode.KMS_INVALID_SIGNATURE);
        }
        KeyReference key = entry.record().reference();
        usage.record(key, "Verify", caller);
        return key;
    }

    /** The public key of an asymmetric key, whatever its usage; the same bytes in every Region of a multi-Region key. */
    public PublicKey publicKey(RequestContext caller, String keyId) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED, Access.to("GetPublicKey"));
        KeyRecord key = entry.record();
        KeyStateRules.GET_PUBLIC_KEY.check(key);
        if (!key.keySpec().isAsymmetric()) {
            throw new KmsException(ErrorCode.UNSUPPORTED_OPERATION,
                    key.arn() + " key usage is " + key.keyUsage() + " which is not valid for GetPublicKey.");
        }
        // Not a use for GetKeyLastUsage: its KeyLastUsageTrackingOperation does not list GetPublicKey.
        return new PublicKey(current(entry).asymmetric().publicKeyInfo(), key);
    }

    private static void checkMessage(byte[] message, MessageType messageType, String signingAlgorithm) {
        if (!SigningKeyMaterial.acceptsMessageType(signingAlgorithm, messageType)) {
            throw KmsException.validation("Message type " + messageType
                    + " is incompatible with algorithm " + signingAlgorithm + ".");
        }
        if (messageType == MessageType.DIGEST && message.length != SigningKeyMaterial.digestLength(signingAlgorithm)) {
            throw KmsException.validation("Digest is invalid length for algorithm " + signingAlgorithm + ".");
        }
        if (messageType == MessageType.EXTERNAL_MU && message.length != SigningKeyMaterial.externalMuLength()) {
            throw KmsException.validation("External Mu is invalid length for algorithm " + signingAlgorithm + ".");
        }
    }

    /** The key's current signing material, after the checks of state, usage and algorithm, in AWS's order. */
    private SigningKeyMaterial material(KeyEntry entry, KeyStateRules rule, String operation, String signingAlgorithm) {
        KeyRecord key = entry.record();
        rule.check(key);
        if (key.keyUsage() != KeyUsage.SIGN_VERIFY) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    key.arn() + " key usage is " + key.keyUsage() + " which is not valid for " + operation + ".");
        }
        if (!key.keySpec().algorithms(KeyUsage.SIGN_VERIFY).contains(signingAlgorithm)) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    "Algorithm " + signingAlgorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
        return current(entry).signing();
    }

    private KeyMaterial current(KeyEntry entry) {
        KeyRecord key = entry.record();
        KeyMaterial material = entry.material(key.currentMaterialVersion(), registry.rootKey());
        if (material == null) {
            throw KmsException.forState(key);
        }
        return material;
    }

    /** Sign's and Verify's permission: {@code kms:SigningAlgorithm} and {@code kms:MessageType} (by default RAW). */
    private static Access signing(String operation, MessageType messageType, String signingAlgorithm) {
        return Access.to(operation).with("kms:SigningAlgorithm", signingAlgorithm)
                .with("kms:MessageType", messageType == null ? MessageType.RAW.name() : messageType.name());
    }
}
