package dev.meridian.core;

import dev.meridian.core.KeyResolver.AliasNames;
import dev.meridian.crypto.AuthenticationFailedException;
import dev.meridian.crypto.CiphertextHeader;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.RecipientSealer;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.crypto.SymmetricCiphertextFormat;
import dev.meridian.crypto.attestation.AttestationDocumentVerifier;
import dev.meridian.crypto.attestation.InvalidAttestationDocumentException;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.RequestContext;
import java.time.Clock;
import java.util.Map;

/**
 * The cryptographic operations on encryption keys: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext and GenerateRandom. Symmetric keys seal into Meridian's ciphertext format,
 * which names its key; asymmetric encryption keys (RSA) go through {@link AsymmetricEncryption}, whose
 * ciphertext does not, so Decrypt then needs the key and the algorithm. Never touches the store and never
 * blocks: keys come from the registry's memory, material is unwrapped once and kept. Thread-safe.
 */
public final class Cryptography {
    private final KeyRegistry registry;
    private final AsymmetricEncryption asymmetric;
    private final KeyResolver resolver;
    private final KeyUsageTracker usage;
    private final AttestationDocumentVerifier attestation;
    private final Clock clock;

    /**
     * A ciphertext, the key (the ARN in the caller's Region) that made it, the {@code KeyMaterialId} that sealed
     * it (null for an asymmetric key, whose responses have none) and the algorithm.
     */
    public record Encrypted(byte[] ciphertext, KeyReference key, String keyMaterialId, String encryptionAlgorithm) {
    }

    /**
     * A plaintext, the key that opened it, the {@code KeyMaterialId} of the material version that did (null for an
     * asymmetric key) and the algorithm.
     */
    public record Decrypted(SecretBytes plaintext, KeyReference key, String keyMaterialId, String encryptionAlgorithm) {
    }

    /** A data key: in the clear (null for GenerateDataKeyWithoutPlaintext) and encrypted, with the material ID that sealed it. */
    public record DataKey(SecretBytes plaintext, byte[] ciphertext, KeyReference key, String keyMaterialId) {
    }

    /** A ciphertext moved from one key (or context) to another; material IDs are null for asymmetric keys. */
    public record ReEncrypted(byte[] ciphertext, KeyReference sourceKey, KeyReference destinationKey,
            String sourceKeyMaterialId, String destinationKeyMaterialId, String sourceEncryptionAlgorithm,
            String destinationEncryptionAlgorithm) {
    }

    Cryptography(KeyRegistry registry, KeyUsageTracker usage, AwsManagedKeys awsManagedKeys,
            AttestationDocumentVerifier attestation, Clock clock) {
        this.registry = registry;
        this.asymmetric = new AsymmetricEncryption(registry);
        this.resolver = new KeyResolver(registry, awsManagedKeys);
        this.usage = usage;
        this.attestation = attestation;
        this.clock = clock;
    }

    /**
     * The sealer for a request's {@code Recipient} (an AWS Nitro Enclaves attestation document): the secret
     * of the response (a plaintext, data key or random bytes) must then leave only sealed to the document's
     * public key, as {@code CiphertextForRecipient}, never in the clear. Call it before the operation, so a
     * refused recipient leaves no trace (no usage recorded).
     *
     * <p>The document must verify (structure, ES384 signature, certificate chain to the trusted root, each
     * certificate valid by the server's clock) and hold an RSA {@code public_key}; otherwise the request is
     * refused with {@code ValidationException}. {@code keyEncryptionAlgorithm} may be left out: the model's
     * only value, {@code RSAES_OAEP_SHA_256}, is the default.
     */
    public RecipientSealer recipient(String keyEncryptionAlgorithm, byte[] attestationDocument) {
        if (keyEncryptionAlgorithm != null && !keyEncryptionAlgorithm.equals(RecipientSealer.RSAES_OAEP_SHA_256)) {
            throw KmsException.validation("1 validation error detected: Value '" + keyEncryptionAlgorithm
                    + "' at 'recipient.keyEncryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[" + RecipientSealer.RSAES_OAEP_SHA_256 + "]");
        }
        if (attestationDocument == null) {
            throw KmsException.validation("1 validation error detected: Value null at 'recipient.attestationDocument' failed"
                    + " to satisfy constraint: Member must not be null");
        }
        try {
            return RecipientSealer.forDocument(attestation.verify(attestationDocument, clock.instant()));
        } catch (InvalidAttestationDocumentException e) {
            throw KmsException.validation("Recipient.AttestationDocument is not a valid AWS Nitro Enclaves attestation document: "
                    + e.getMessage() + ".");
        }
    }

    public Encrypted encrypt(RequestContext caller, String keyId, byte[] plaintext, Map<String, String> encryptionContext,
            String encryptionAlgorithm) {
        KeyEntry entry = usableKey(caller, keyId, KeyStateRules.ENCRYPT, "Encrypt", encryptionAlgorithm,
                cryptographic("Encrypt", encryptionContext, encryptionAlgorithm));
        Encrypted encrypted = new Encrypted(seal(entry, plaintext, encryptionContext, encryptionAlgorithm),
                entry.record().reference(), currentKeyMaterialId(entry), AsymmetricEncryption.effective(encryptionAlgorithm));
        usage.record(encrypted.key(), "Encrypt", caller);
        return encrypted;
    }

    public Decrypted decrypt(RequestContext caller, byte[] ciphertext, Map<String, String> encryptionContext, String keyId,
            String encryptionAlgorithm) {
        Opened opened = open(caller, ciphertext, encryptionContext, keyId, encryptionAlgorithm, KeyStateRules.DECRYPT,
                "Decrypt", cryptographic("Decrypt", encryptionContext, encryptionAlgorithm));
        usage.record(opened.key(), "Decrypt", caller);
        return new Decrypted(opened.plaintext(), opened.key(), opened.keyMaterialId(), opened.encryptionAlgorithm());
    }

    public ReEncrypted reEncrypt(RequestContext caller, byte[] ciphertext, Map<String, String> sourceEncryptionContext,
            String sourceKeyId, String sourceEncryptionAlgorithm, String destinationKeyId,
            Map<String, String> destinationEncryptionContext, String destinationEncryptionAlgorithm) {
        String sameKey = sameKey(caller, ciphertext, sourceKeyId, destinationKeyId);
        KeyEntry destination = usableKey(caller, destinationKeyId, KeyStateRules.RE_ENCRYPT, "ReEncrypt",
                destinationEncryptionAlgorithm,
                cryptographic("ReEncryptTo", destinationEncryptionContext, destinationEncryptionAlgorithm)
                        .with("kms:ReEncryptOnSameKey", sameKey));
        Opened opened = open(caller, ciphertext, sourceEncryptionContext, sourceKeyId, sourceEncryptionAlgorithm,
                KeyStateRules.RE_ENCRYPT, "ReEncrypt",
                cryptographic("ReEncryptFrom", sourceEncryptionContext, sourceEncryptionAlgorithm)
                        .with("kms:ReEncryptOnSameKey", sameKey));
        SecretBytes plaintext = opened.plaintext();
        byte[] clear = plaintext.toByteArray();
        try {
            ReEncrypted result = new ReEncrypted(seal(destination, clear, destinationEncryptionContext,
                    destinationEncryptionAlgorithm), opened.key(), destination.record().reference(),
                    opened.keyMaterialId(), currentKeyMaterialId(destination), opened.encryptionAlgorithm(),
                    AsymmetricEncryption.effective(destinationEncryptionAlgorithm));
            usage.record(result.sourceKey(), "ReEncrypt", caller);
            usage.record(result.destinationKey(), "ReEncrypt", caller);
            return result;
        } finally {
            java.util.Arrays.fill(clear, (byte) 0);
            plaintext.destroy();
        }
    }

    /**
     * A fresh data key of {@code numberOfBytes} (or of {@code keySpec}: {@code AES_128}, {@code AES_256}),
     * encrypted under the key; exactly one of the two must be given.
     */
    public DataKey generateDataKey(RequestContext caller, String keyId, String keySpec, Integer numberOfBytes,
            Map<String, String> encryptionContext, boolean withPlaintext) {
        if ((keySpec == null) == (numberOfBytes == null)) {
            throw KmsException.validation("Please specify either number of bytes or key spec.");
        }
        int length = numberOfBytes != null ? numberOfBytes : keySpec.equals("AES_128") ? 16 : 32;
        KeyEntry entry = withPlaintext
                ? usableKey(caller, keyId, KeyStateRules.GENERATE_DATA_KEY, "GenerateDataKey", null,
                        cryptographic("GenerateDataKey", encryptionContext, null))
                : usableKey(caller, keyId, KeyStateRules.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
                        "GenerateDataKeyWithoutPlaintext", null,
                        cryptographic("GenerateDataKeyWithoutPlaintext", encryptionContext, null));
        SecretBytes dataKey = SecretBytes.random(length);
        byte[] clear = dataKey.toByteArray();
        try {
            byte[] ciphertext = seal(entry, clear, encryptionContext, null);
            if (!withPlaintext) {
                dataKey.destroy();
            }
            usage.record(entry.record().reference(), withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext", caller);
            return new DataKey(withPlaintext ? dataKey : null, ciphertext, entry.record().reference(),
                    currentKeyMaterialId(entry));
        } finally {
            java.util.Arrays.fill(clear, (byte) 0);
        }
    }

    public SecretBytes generateRandom(Integer numberOfBytes) {
        if (numberOfBytes == null) {
            throw KmsException.validation("NumberOfBytes is required.");
        }
        return SecretBytes.random(numberOfBytes);
    }

    /** GenerateRandom for {@code caller}, whose identity policies must allow {@code kms:GenerateRandom} (resource *). */
    public SecretBytes generateRandom(RequestContext caller, Integer numberOfBytes) {
        if (numberOfBytes == null) {
            throw KmsException.validation("NumberOfBytes is required.");
        }
        registry.accessControl().authorizeByIdentity(caller, Access.to("GenerateRandom"), "*");
        return SecretBytes.random(numberOfBytes);
    }

    /**
     * The permission of an operation with an encryption context and an encryption algorithm:
     * {@code kms:EncryptionContext:*}, {@code kms:EncryptionContextKeys} and {@code kms:EncryptionAlgorithm}
     * (the default {@code SYMMETRIC_DEFAULT} when the request names none, as AWS evaluates it).
     */
    static Access cryptographic(String operation, Map<String, String> encryptionContext, String encryptionAlgorithm) {
        return Access.to(operation).withEncryptionContext(encryptionContext)
                .with("kms:EncryptionAlgorithm", AsymmetricEncryption.effective(encryptionAlgorithm));
    }

    private record Opened(SecretBytes plaintext, KeyReference key, String keyMaterialId, String encryptionAlgorithm) {
    }

    private Opened open(RequestContext caller, byte[] ciphertext, Map<String, String> encryptionContext, String keyId,
            String encryptionAlgorithm, KeyStateRules rule, String operation, Access access) {
        if (DryRun.ignoresCiphertext()) {
            return checkKeyOnly(caller, keyId, encryptionAlgorithm, rule, operation, access);
        }
        if (AsymmetricEncryption.isAsymmetric(encryptionAlgorithm) && (keyId != null || !isSymmetric(ciphertext))) {
            return openAsymmetric(caller, ciphertext, encryptionContext, keyId, encryptionAlgorithm, rule, operation,
                    access);
        }
        if (ciphertext == null) {
            throw missingCiphertext();
        }
        // The key the request names is only compared with the ciphertext's: the ciphertext's key is authorized.
        KeyReference named = keyId == null ? null : resolver.locate(caller, keyId, AliasNames.ALLOWED).record().reference();
        CiphertextHeader header;
        try {
            header = SymmetricCiphertextFormat.readHeader(ciphertext);
        } catch (AuthenticationFailedException e) {
            throw invalidCiphertext();
        }
        KeyReference reference = new KeyReference(header.account(), caller.region(), header.keyId());
        if (named != null && !named.equals(reference)) {
            throw new KmsException(ErrorCode.INCORRECT_KEY,
                    "The key ID in the request does not identify a CMK that can perform this operation.");
        }
        KeyEntry entry = registry.findOrCatchUp(reference); // a key another node created a moment ago
        if (entry == null) {
            throw invalidCiphertext();
        }
        // The key found from the (not yet authenticated) header: another account's that does not exist is an
        // invalid ciphertext as above; one that exists is refused unless the caller may use it.
        registry.accessControl().authorize(caller, keyId == null ? access
                : access.with("kms:RequestAlias", KeyResolver.requestAlias(keyId)), entry.record());
        checkUsable(entry.record(), rule, operation, encryptionAlgorithm);
        KeyMaterial material = entry.material(header.materialVersion(), registry.rootKey());
        if (material == null) {
            throw invalidCiphertext();
        }
        try {
            byte[] plaintext = material.symmetric().open(ciphertext, encryptionContext);
            try {
                return new Opened(SecretBytes.copyOf(plaintext), reference,
                        entry.materials().get(header.materialVersion()).info().keyMaterialId(),
                        AsymmetricEncryption.SYMMETRIC_DEFAULT);
            } finally {
                java.util.Arrays.fill(plaintext, (byte) 0);
            }
        } catch (AuthenticationFailedException e) {
            throw invalidCiphertext();
        }
    }

    /**
     * {@code kms:ReEncryptOnSameKey}: whether ReEncrypt's destination key is the key of the ciphertext (named by
     * the ciphertext's header, or by {@code SourceKeyId} for an asymmetric one); null (the key left out) when that
     * cannot be told before the checks, which then answer the request as usual.
     */
    private String sameKey(RequestContext caller, byte[] ciphertext, String sourceKeyId, String destinationKeyId) {
        if (destinationKeyId == null) {
            return null;
        }
        try {
            KeyReference destination = resolver.reference(caller, destinationKeyId, AliasNames.ALLOWED);
            KeyReference source;
            if (isSymmetric(ciphertext)) {
                CiphertextHeader header = SymmetricCiphertextFormat.readHeader(ciphertext);
                source = new KeyReference(header.account(), caller.region(), header.keyId());
            } else if (sourceKeyId != null) {
                source = resolver.reference(caller, sourceKeyId, AliasNames.ALLOWED);
            } else {
                return null;
            }
            return Boolean.toString(source.equals(destination));
        } catch (KmsException | IllegalArgumentException | AuthenticationFailedException e) {
            return null;
        }
    }

    /** Whether {@code ciphertext} reads as Meridian's symmetric format, which names its key. */
    private static boolean isSymmetric(byte[] ciphertext) {
        try {
            return ciphertext != null && SymmetricCiphertextFormat.readHeader(ciphertext) != null;
        } catch (AuthenticationFailedException e) {
            return false;
        }
    }

    /**
     * Decrypt's (or ReEncrypt's source) path for an asymmetric algorithm, unless no key is named and the
     * ciphertext names one (a symmetric ciphertext: its key's checks then refuse the algorithm): the ciphertext does not name its key, so
     * the request must ({@code KeyId}, or {@code SourceKeyId}); then the key's checks, then the decryption.
     */
    private Opened openAsymmetric(RequestContext caller, byte[] ciphertext, Map<String, String> encryptionContext, String keyId,
            String encryptionAlgorithm, KeyStateRules rule, String operation, Access access) {
        if (keyId == null) {
            throw AsymmetricEncryption.keyRequired(operation.equals("Decrypt") ? "KeyId" : "SourceKeyId");
        }
        if (ciphertext == null) {
            throw missingCiphertext();
        }
        KeyEntry entry = usableKey(caller, keyId, rule, operation, encryptionAlgorithm, access);
        return new Opened(asymmetric.decrypt(entry, ciphertext, encryptionContext, encryptionAlgorithm),
                entry.record().reference(), null, encryptionAlgorithm);
    }

    /**
     * A dry run with {@code IGNORE_CIPHERTEXT}: the ciphertext (given or not) is not read, so the key must be
     * named; its checks run, and the dry run ends there as a success. Never returns normally.
     */
    private Opened checkKeyOnly(RequestContext caller, String keyId, String encryptionAlgorithm, KeyStateRules rule,
            String operation, Access access) {
        if (keyId == null) {
            String member = operation.equals("Decrypt") ? "KeyId" : "SourceKeyId";
            throw KmsException.validation(member + " is required when DryRunModifiers contains IGNORE_CIPHERTEXT.");
        }
        usableKey(caller, keyId, rule, operation, encryptionAlgorithm, access);
        DryRun.stopIfActive();
        throw new IllegalStateException("IGNORE_CIPHERTEXT outside a dry run");
    }

    private KeyEntry usableKey(RequestContext caller, String keyId, KeyStateRules rule, String operation,
            String encryptionAlgorithm, Access access) {
        KeyEntry entry = resolver.resolve(caller, keyId, AliasNames.ALLOWED, access);
        checkUsable(entry.record(), rule, operation, encryptionAlgorithm);
        return entry;
    }

    /**
     * The key's state allows the operation ({@code rule}), its usage is encryption, and the algorithm (by default
     * {@code SYMMETRIC_DEFAULT}) is one of its spec's, in AWS's order.
     */
    private static void checkUsable(KeyRecord key, KeyStateRules rule, String operation, String encryptionAlgorithm) {
        rule.check(key);
        if (key.keyUsage() != KeyUsage.ENCRYPT_DECRYPT) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    key.arn() + " key usage is " + key.keyUsage() + " which is not valid for " + operation + ".");
        }
        String algorithm = AsymmetricEncryption.effective(encryptionAlgorithm);
        if (!key.keySpec().algorithms(KeyUsage.ENCRYPT_DECRYPT).contains(algorithm)) {
            throw new KmsException(ErrorCode.INVALID_KEY_USAGE,
                    "Algorithm " + algorithm + " is incompatible with key spec " + key.keySpec() + ".");
        }
    }

    /**
     * The ciphertext of {@code plaintext} under the key, whose checks (with {@code encryptionAlgorithm}'s) have
     * passed: the ciphertext that Decrypt opens. Also {@link DataKeyPairs}'s, for the private key of a data key pair.
     */
    byte[] seal(KeyEntry entry, byte[] plaintext, Map<String, String> encryptionContext,
            String encryptionAlgorithm) {
        KeyRecord key = entry.record();
        if (key.keySpec().isAsymmetric()) {
            return asymmetric.encrypt(entry, plaintext, encryptionContext, encryptionAlgorithm);
        }
        int version = key.currentMaterialVersion();
        KeyMaterial material = entry.material(version, registry.rootKey());
        if (material == null) {
            throw KmsException.forState(key);
        }
        return material.symmetric().seal(new CiphertextHeader(key.reference().account(), key.reference().keyId(),
                version), plaintext, encryptionContext);
    }

    /** The ID of the material a seal by this entry uses (its current version); null for an asymmetric key. */
    static String currentKeyMaterialId(KeyEntry entry) {
        if (entry.record().keySpec().isAsymmetric()) {
            return null;
        }
        return entry.materials().get(entry.record().currentMaterialVersion()).info().keyMaterialId();
    }

    /** The current model no longer marks CiphertextBlob required, but Decrypt and ReEncrypt need it. */
    private static KmsException missingCiphertext() {
        return KmsException.validation("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy"
                + " constraint: Member must not be null");
    }

    private static KmsException invalidCiphertext() {
        return KmsException.withoutMessage(ErrorCode.INVALID_CIPHERTEXT);
    }
}
