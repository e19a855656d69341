package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.HmacKeyMaterial;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.RequestContext;

/**
 * GenerateMac and VerifyMac on HMAC keys ({@code GENERATE_VERIFY_MAC}). Never touches the store and never
 * blocks: keys come from the registry's memory, material is unwrapped once and kept. Thread-safe.
 */
public final class MacOperations {
    private final KeyRegistry registry;
    private final KeyResolver resolver;
    private final KeyUsageTracker usage;

    /** A MAC and the key (its ARN in the caller's Region) that made it. */
    public record Mac(byte[] mac, KeyReference key, String macAlgorithm) {
    }

    MacOperations(KeyRegistry registry, KeyUsageTracker usage, AwsManagedKeys awsManagedKeys) {
        this.registry = registry;
        this.resolver = new KeyResolver(registry, awsManagedKeys);
        this.usage = usage;
    }

    /** The HMAC of {@code message} under the key's current material with {@code macAlgorithm}, its spec's one. */
    public Mac generateMac(RequestContext caller, String keyId, byte[] message, String macAlgorithm) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED,
                Access.to("GenerateMac").with("kms:MacAlgorithm", macAlgorithm));
        HmacKeyMaterial material = material(entry, KeyStateRules.GENERATE_MAC, "GenerateMac", macAlgorithm);
        Mac mac = new Mac(material.mac(message), entry.record().reference(), macAlgorithm);
        usage.record(mac.key(), "GenerateMac", caller);
        return mac;
    }

    /**
     * The key when {@code mac} is the HMAC of {@code message} under it (compared in constant time); otherwise
     * {@code KMSInvalidMacException}, without a message, as AWS answers.
     */
    public KeyReference verifyMac(RequestContext caller, String keyId, byte[] message, byte[] mac, String macAlgorithm) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED,
                Access.to("VerifyMac").with("kms:MacAlgorithm", macAlgorithm));
        HmacKeyMaterial material = material(entry, KeyStateRules.VERIFY_MAC, "VerifyMac", macAlgorithm);
        if (!material.verify(message, mac)) {
            throw KmsException.withoutMessage(ErrorCode.KMS_INVALID_MAC);
        }
        KeyReference key = entry.record().reference();
        usage.record(key, "VerifyMac", caller);
        return key;
    }

    /** The key's current HMAC material, after the checks of state, usage and algorithm, in AWS's order. */
    private HmacKeyMaterial material(KeyEntry entry, KeyStateRules rule, String operation, String macAlgorithm) {
        KeyRecord key = entry.record();
        rule.check(key);
        if (key.keyUsage() != KeyUsage.GENERATE_VERIFY_MAC) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    key.arn() + " key usage is " + key.keyUsage() + " which is not valid for " + operation + ".");
        }
        if (!key.keySpec().algorithms(KeyUsage.GENERATE_VERIFY_MAC).contains(macAlgorithm)) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    "Algorithm " + macAlgorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
        KeyMaterial material = entry.material(key.currentMaterialVersion(), registry.rootKey());
        if (material == null) {
            throw KmsException.forState(key);
        }
        return material.hmac();
    }
}
