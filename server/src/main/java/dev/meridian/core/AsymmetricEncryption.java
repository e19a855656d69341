package dev.meridian.core;

import dev.meridian.crypto.AuthenticationFailedException;
import dev.meridian.crypto.DecryptionKeyMaterial;
import dev.meridian.crypto.KeyMaterial;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.model.KeyRecord;
import java.util.Map;

/**
 * The asymmetric path of Encrypt, Decrypt and ReEncrypt ({@code ENCRYPT_DECRYPT} keys of an asymmetric spec, such
 * as RSA with {@code RSAES_OAEP_SHA_1} or {@code RSAES_OAEP_SHA_256}), as AWS KMS does it:
 * <ul>
 *   <li>The ciphertext is the algorithm's bare output under the key's public key, with no header: it does not name
 *       its key, so Decrypt needs the {@code KeyId} and the {@code EncryptionAlgorithm}, and a ciphertext made by
 *       anyone with the public key (GetPublicKey) opens.</li>
 *   <li>No encryption context: a non-empty one is refused with {@code ValidationException}.</li>
 *   <li>The plaintext is limited per spec and algorithm (RSA_2048: 214 bytes with OAEP SHA-1, 190 with
 *       SHA-256), with AWS's {@code ValidationException}.</li>
 *   <li>A ciphertext that does not open (another key, another algorithm, altered) is
 *       {@code InvalidCiphertextException} without a message, whatever the cause.</li>
 * </ul>
 * {@link Cryptography} has checked the key's state, usage and that the algorithm is one of its spec's before it
 * calls here. Asymmetric keys never rotate, so their current material is their only one. Stateless apart from
 * the registry (for the root key); thread-safe, never blocks.
 */
final class AsymmetricEncryption {
    /** The one algorithm of symmetric keys, and the default of every request that names none. */
    static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

    private final KeyRegistry registry;

    AsymmetricEncryption(KeyRegistry registry) {
        this.registry = registry;
    }

    /** The algorithm a request uses: the one it names, else {@code SYMMETRIC_DEFAULT}. */
    static String effective(String encryptionAlgorithm) {
        return encryptionAlgorithm == null ? SYMMETRIC_DEFAULT : encryptionAlgorithm;
    }

    /** Whether a request names an asymmetric algorithm, so that its ciphertext has no header to find the key by. */
    static boolean isAsymmetric(String encryptionAlgorithm) {
        return !effective(encryptionAlgorithm).equals(SYMMETRIC_DEFAULT);
    }

    /**
     * The refusal of a Decrypt ({@code KeyId}) or ReEncrypt ({@code SourceKeyId}) that names an asymmetric
     * algorithm but no key: such a ciphertext does not name its key.
     */
    static KmsException keyRequired(String member) {
        return KmsException.validation(member + " must not be null");
    }

    /** The ciphertext of {@code plaintext} under the key's public key with {@code encryptionAlgorithm}. */
    byte[] encrypt(KeyEntry entry, byte[] plaintext, Map<String, String> encryptionContext, String encryptionAlgorithm) {
        rejectEncryptionContext(encryptionContext);
        KeyRecord key = entry.record();
        DecryptionKeyMaterial material = material(entry);
        int maximum = material.maximumPlaintextLength(encryptionAlgorithm);
        if (plaintext.length > maximum) {
            throw KmsException.validation("Algorithm " + encryptionAlgorithm + " and key spec " + key.keySpec()
                    + " cannot encrypt data larger than " + maximum + " bytes.");
        }
        return material.encrypt(encryptionAlgorithm, plaintext);
    }

    /** The plaintext of {@code ciphertext}, which must open with the key's private key and {@code encryptionAlgorithm}. */
    SecretBytes decrypt(KeyEntry entry, byte[] ciphertext, Map<String, String> encryptionContext,
            String encryptionAlgorithm) {
        rejectEncryptionContext(encryptionContext);
        DecryptionKeyMaterial material = material(entry);
        try {
            return material.decrypt(encryptionAlgorithm, ciphertext);
        } catch (AuthenticationFailedException e) {
            throw KmsException.withoutMessage(ErrorCode.INVALID_CIPHERTEXT);
        }
    }

    private static void rejectEncryptionContext(Map<String, String> encryptionContext) {
        if (encryptionContext != null && !encryptionContext.isEmpty()) {
            throw KmsException.validation(
                    "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.");
        }
    }

    private DecryptionKeyMaterial material(KeyEntry entry) {
        KeyRecord key = entry.record();
        KeyMaterial material = entry.material(key.currentMaterialVersion(), registry.rootKey());
        if (material == null) {
            throw KmsException.forState(key);
        }
        return material.decryption();
    }
}
