package dev.meridian.core;

import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The grant operations a grant on a key may allow, by the key's spec and usage: the operations the key supports,
 * as AWS's "Key type reference" table gives them, among the grant operations of the service model
 * ({@code GrantOperation}). The one place that says which operations a type of key takes in a grant.
 *
 * <ul>
 * <li>Every key: {@code CreateGrant}, {@code RetireGrant}, {@code DescribeKey}.</li>
 * <li>A symmetric encryption key: {@code Encrypt}, {@code Decrypt}, {@code ReEncryptFrom}, {@code ReEncryptTo},
 * {@code GenerateDataKey}, {@code GenerateDataKeyWithoutPlaintext}, {@code GenerateDataKeyPair} and
 * {@code GenerateDataKeyPairWithoutPlaintext} (the data key pair is protected by the symmetric key).</li>
 * <li>An asymmetric key with {@code ENCRYPT_DECRYPT} (RSA, SM2): {@code Encrypt}, {@code Decrypt},
 * {@code ReEncryptFrom}, {@code ReEncryptTo}, {@code GetPublicKey}; no data keys ("Grants for asymmetric KMS keys
 * cannot allow any operations that generate data keys or data key pairs").</li>
 * <li>{@code SIGN_VERIFY}: {@code Sign}, {@code Verify}, {@code GetPublicKey}.</li>
 * <li>{@code KEY_AGREEMENT}: {@code DeriveSharedSecret}, {@code GetPublicKey}.</li>
 * <li>{@code GENERATE_VERIFY_MAC} (HMAC keys): {@code GenerateMac}, {@code VerifyMac}.</li>
 * </ul>
 *
 * Encryption-context grant constraints apply only to operations that take an encryption context, so only to
 * grants on symmetric encryption keys ("You cannot use an encryption context grant constraint for cryptographic
 * operations with asymmetric KMS keys or HMAC KMS keys").
 */
final class GrantableOperations {
    private static final List<String> EVERY_KEY = List.of("CreateGrant", "RetireGrant", "DescribeKey");
    private static final List<String> SYMMETRIC_ENCRYPTION = List.of("Decrypt", "Encrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "ReEncryptFrom", "ReEncryptTo");
    private static final List<String> ASYMMETRIC_ENCRYPTION = List.of("Decrypt", "Encrypt", "ReEncryptFrom",
            "ReEncryptTo", "GetPublicKey");
    private static final List<String> SIGNING = List.of("Sign", "Verify", "GetPublicKey");
    private static final List<String> KEY_AGREEMENT = List.of("DeriveSharedSecret", "GetPublicKey");
    private static final List<String> MAC = List.of("GenerateMac", "VerifyMac");

    private GrantableOperations() {
    }

    /** The grant operations a grant on a key of {@code spec} with {@code usage} may allow. */
    static Set<String> of(KeySpec spec, KeyUsage usage) {
        List<String> specific = switch (usage) {
            case ENCRYPT_DECRYPT -> spec.isAsymmetric() ? ASYMMETRIC_ENCRYPTION : SYMMETRIC_ENCRYPTION;
            case SIGN_VERIFY -> SIGNING;
            case KEY_AGREEMENT -> KEY_AGREEMENT;
            case GENERATE_VERIFY_MAC -> MAC;
            default -> List.of();
        };
        Set<String> operations = new LinkedHashSet<>(specific);
        operations.addAll(EVERY_KEY);
        return Collections.unmodifiableSet(operations);
    }

    /** Whether a grant on a key of {@code spec} with {@code usage} may have encryption-context constraints. */
    static boolean takesEncryptionContextConstraints(KeySpec spec, KeyUsage usage) {
        return usage == KeyUsage.ENCRYPT_DECRYPT && !spec.isAsymmetric();
    }
}
