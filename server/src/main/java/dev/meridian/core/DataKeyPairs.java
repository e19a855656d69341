package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.AsymmetricKeyMaterial;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.KeyMaterialService;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.RequestContext;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh asymmetric key pair for use outside
 * KMS, its private key (PKCS#8 DER) encrypted under a symmetric encryption key exactly as GenerateDataKey
 * encrypts a data key (the same ciphertext format and encryption context, so Decrypt of the encrypted private
 * key returns the PKCS#8 bytes), its public key as DER SubjectPublicKeyInfo.
 *
 * <p>The pair comes from {@link KeyMaterialService#generate} for the key spec of the same name, so a data key
 * pair is made as a KMS key's pair of that spec is. The pair is random and unrelated to the KMS key; its
 * private key lives only in {@link SecretBytes} and in the generated material, which is destroyed before the
 * operation returns. Never touches the store. Thread-safe.
 */
public final class DataKeyPairs {
    /** The key pair specs of the model ({@code DataKeyPairSpec}); SM2 only in the China Regions. */
    static final Set<String> SPECS = Set.of("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384",
            "ECC_NIST_P521", "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519");
    private final KeyResolver resolver;
    private final Cryptography cryptography;
    private final KeyUsageTracker usage;

    /**
     * A data key pair: the private key in the clear (null for GenerateDataKeyPairWithoutPlaintext; the caller
     * owns and destroys it) and encrypted, the public key, the key that encrypted the private key, the spec of
     * the pair and the {@code KeyMaterialId} of the material that sealed it.
     */
    public record DataKeyPair(SecretBytes privateKey, byte[] privateKeyCiphertext, byte[] publicKey,
            KeyReference key, String keyPairSpec, String keyMaterialId) {
        @Override
        public String toString() {
            return "DataKeyPair[key=" + key + ", keyPairSpec=" + keyPairSpec + ", keyMaterialId=" + keyMaterialId + "]";
        }
    }

    DataKeyPairs(KeyRegistry registry, Cryptography cryptography, KeyUsageTracker usage,
            AwsManagedKeys awsManagedKeys) {
        this.resolver = new KeyResolver(registry, awsManagedKeys);
        this.cryptography = cryptography;
        this.usage = usage;
    }

    /**
     * A fresh pair of {@code keyPairSpec}, its private key encrypted under the symmetric encryption key
     * {@code keyId} with {@code encryptionContext}. The checks, in order: the key exists, its state allows the
     * operation, it is a symmetric encryption key, and the spec is offered in the caller's partition (SM2 only
     * in {@code aws-cn}). A dry run stops after the checks, before the (for RSA, costly) generation.
     */
    public DataKeyPair generate(RequestContext caller, String keyId, String keyPairSpec, Map<String, String> encryptionContext,
            boolean withPlaintext) {
        String operation = withPlaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext";
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED,
                Cryptography.cryptographic(operation, encryptionContext, null).with("kms:DataKeyPairSpec", keyPairSpec));
        KeyRecord key = entry.record();
        KeyStateRules rule = withPlaintext ? KeyStateRules.GENERATE_DATA_KEY_PAIR
                : KeyStateRules.GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT;
        rule.check(key);
        checkSymmetricEncryptionKey(key, operation);
        KeySpec spec = pairSpec(caller, keyPairSpec);
        DryRun.stopIfActive();
        KeyMaterial material = KeyMaterialService.generate(spec, caller.region().partition());
        SecretBytes privateKey = null;
        byte[] clear = null;
        try {
            AsymmetricKeyMaterial pair = material.asymmetric();
            byte[] publicKey = pair.publicKeyInfo();
            privateKey = pair.privateKeyInfo();
            clear = privateKey.toByteArray();
            byte[] ciphertext = cryptography.seal(entry, clear, encryptionContext, "SYMMETRIC_DEFAULT");
            DataKeyPair result = new DataKeyPair(withPlaintext ? privateKey : null, ciphertext, publicKey,
                    key.reference(), keyPairSpec, Cryptography.currentKeyMaterialId(entry));
            usage.record(result.key(), operation, caller);
            if (withPlaintext) {
                privateKey = null;
            }
            return result;
        } finally {
            material.destroy();
            if (clear != null) {
                Arrays.fill(clear, (byte) 0);
            }
            if (privateKey != null) {
                privateKey.destroy();
            }
        }
    }

    /**
     * A data key pair's private key is encrypted under a symmetric encryption key only: another usage is
     * refused as for every cryptographic operation, an asymmetric encryption key (RSA, SM2) by its spec.
     */
    static void checkSymmetricEncryptionKey(KeyRecord key, String operation) {
        if (key.keyUsage() != KeyUsage.ENCRYPT_DECRYPT) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    key.arn() + " key usage is " + key.keyUsage() + " which is not valid for " + operation + ".");
        }
        if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    key.arn() + " key KeySpec is " + key.keySpec() + " which is not valid for " + operation + ".");
        }
    }

    /** The key spec that makes pairs of {@code keyPairSpec}, if the caller's partition offers it. */
    private static KeySpec pairSpec(RequestContext caller, String keyPairSpec) {
        if (keyPairSpec == null || !SPECS.contains(keyPairSpec)) {
            // The model's enum check refuses these on the wire already.
            throw KmsException.validation("1 validation error detected: Value '" + keyPairSpec
                    + "' at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1,"
                    + " SM2, ECC_NIST_EDWARDS25519]");
        }
        KeySpec spec = KeySpec.named(keyPairSpec);
        if (!KeyMaterialService.offeredIn(spec, caller.region().partition())) {
            throw KmsException.unsupported("KeyPairSpec " + spec + " is not supported in this Region");
        }
        return spec;
    }
}
