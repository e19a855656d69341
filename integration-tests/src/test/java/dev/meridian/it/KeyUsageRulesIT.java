package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GrantConstraints;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * The rules that cut across the key types, through the AWS SDK, for every kind of key Meridian has (symmetric,
 * HMAC, ECDSA, RSA signing, Ed25519): each cryptographic operation on a key of the wrong usage answers AWS's
 * {@code InvalidKeyUsageException} {@code "<key ARN> key usage is <USAGE> which is not valid for <Operation>."}
 * (recorded by LocalStack against AWS for GenerateMac, Sign, Verify and Encrypt), checked before the algorithm;
 * Decrypt naming a key that did not make the ciphertext answers {@code IncorrectKeyException}; GetPublicKey on a
 * key without a public key answers {@code UnsupportedOperationException}; the rotation operations refuse
 * asymmetric and HMAC keys without a message while GetKeyRotationStatus answers {@code false}; a grant may name
 * only the operations of its key's type, and encryption-context constraints only on a symmetric key.
 */
class KeyUsageRulesIT {
    private static final String REGION = "ca-central-1";
    private static final String GRANTEE = "arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/usage-rules";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static KmsClient client;
    private static final Map<Kind, String> KEYS = new java.util.EnumMap<>(Kind.class);
    private static SdkBytes symmetricCiphertext;
    /**
     * The grant operations of Meridian's service model (2026-05); newer SDKs also know Encapsulate and
     * Decapsulate (ML-KEM keys), which the model refuses as values outside its enum.
     */
    private static final Set<GrantOperation> MODEL_OPERATIONS = EnumSet.complementOf(EnumSet.of(
            GrantOperation.UNKNOWN_TO_SDK_VERSION, GrantOperation.ENCAPSULATE, GrantOperation.DECAPSULATE));

    /** A kind of key: its spec and usage, and the operations a grant on it may name. */
    enum Kind {
        SYMMETRIC(KeySpec.SYMMETRIC_DEFAULT, KeyUsageType.ENCRYPT_DECRYPT, GrantOperation.DECRYPT,
                GrantOperation.ENCRYPT, GrantOperation.GENERATE_DATA_KEY, GrantOperation.GENERATE_DATA_KEY_WITHOUT_PLAINTEXT,
                GrantOperation.GENERATE_DATA_KEY_PAIR, GrantOperation.GENERATE_DATA_KEY_PAIR_WITHOUT_PLAINTEXT,
                GrantOperation.RE_ENCRYPT_FROM, GrantOperation.RE_ENCRYPT_TO),
        HMAC(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC, GrantOperation.GENERATE_MAC, GrantOperation.VERIFY_MAC),
        ECDSA(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY, GrantOperation.SIGN, GrantOperation.VERIFY,
                GrantOperation.GET_PUBLIC_KEY),
        RSA_SIGNING(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY, GrantOperation.SIGN, GrantOperation.VERIFY,
                GrantOperation.GET_PUBLIC_KEY),
        ED25519(KeySpec.ECC_NIST_EDWARDS25519, KeyUsageType.SIGN_VERIFY, GrantOperation.SIGN, GrantOperation.VERIFY,
                GrantOperation.GET_PUBLIC_KEY);

        final KeySpec spec;
        final KeyUsageType usage;
        final Set<GrantOperation> grantable;

        Kind(KeySpec spec, KeyUsageType usage, GrantOperation... specific) {
            this.spec = spec;
            this.usage = usage;
            Set<GrantOperation> all = EnumSet.copyOf(List.of(specific));
            all.addAll(EnumSet.of(GrantOperation.CREATE_GRANT, GrantOperation.RETIRE_GRANT, GrantOperation.DESCRIBE_KEY));
            this.grantable = all;
        }

        String keyId() {
            return KEYS.get(this);
        }

        String arn() {
            return KmsTestSupport.arn(REGION, keyId());
        }

        /** The start of this key's wrong-usage message. */
        String usageIs() {
            return arn() + " key usage is " + usage + " which is not valid for ";
        }
    }

    @BeforeAll
    static void createOneKeyOfEveryKind() {
        client = kms.client(REGION);
        for (Kind kind : Kind.values()) {
            KEYS.put(kind, client.createKey(request -> request.keySpec(kind.spec).keyUsage(kind.usage)).keyMetadata()
                    .keyId());
        }
        symmetricCiphertext = client.encrypt(request -> request.keyId(Kind.SYMMETRIC.keyId()).plaintext(bytes("kept")))
                .ciphertextBlob();
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"HMAC", "ECDSA", "RSA_SIGNING", "ED25519"})
    void theSymmetricOperationsRefuseKeysOfAnotherUsage(Kind kind) {
        String keyId = kind.keyId();
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                InvalidKeyUsageException.class, kind.usageIs() + "Encrypt.");
        // The usage is checked before the algorithm.
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), InvalidKeyUsageException.class,
                kind.usageIs() + "Encrypt.");
        assertKmsError(() -> client.generateDataKey(request -> request.keyId(keyId).numberOfBytes(32)),
                InvalidKeyUsageException.class, kind.usageIs() + "GenerateDataKey.");
        assertKmsError(() -> client.generateDataKeyWithoutPlaintext(request -> request.keyId(keyId).keySpec("AES_256")),
                InvalidKeyUsageException.class, kind.usageIs() + "GenerateDataKeyWithoutPlaintext.");
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(symmetricCiphertext)
                .destinationKeyId(keyId)), InvalidKeyUsageException.class, kind.usageIs() + "ReEncrypt.");
        // A symmetric ciphertext names its own key; another key named with it is the wrong key (recorded by LocalStack).
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(symmetricCiphertext).keyId(keyId)),
                IncorrectKeyException.class,
                "The key ID in the request does not identify a CMK that can perform this operation.");
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(symmetricCiphertext).sourceKeyId(keyId)
                .destinationKeyId(Kind.SYMMETRIC.keyId())), IncorrectKeyException.class,
                "The key ID in the request does not identify a CMK that can perform this operation.");
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SYMMETRIC", "HMAC"})
    void signingOperationsRefuseKeysOfAnotherUsage(Kind kind) {
        String keyId = kind.keyId();
        assertKmsError(() -> client.sign(request -> request.keyId(keyId).message(bytes("x"))
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)), InvalidKeyUsageException.class,
                kind.usageIs() + "Sign.");
        assertKmsError(() -> client.verify(request -> request.keyId(keyId).message(bytes("x"))
                .signature(SdkBytes.fromByteArray(new byte[64])).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)),
                InvalidKeyUsageException.class, kind.usageIs() + "Verify.");
        assertKmsError(() -> client.getPublicKey(request -> request.keyId(keyId)), UnsupportedOperationException.class,
                kind.usageIs() + "GetPublicKey.");
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SYMMETRIC", "ECDSA", "RSA_SIGNING", "ED25519"})
    void macOperationsRefuseKeysOfAnotherUsage(Kind kind) {
        String keyId = kind.keyId();
        assertKmsError(() -> client.generateMac(request -> request.keyId(keyId).message(bytes("x"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)), InvalidKeyUsageException.class,
                kind.usageIs() + "GenerateMac.");
        assertKmsError(() -> client.verifyMac(request -> request.keyId(keyId).message(bytes("x"))
                .mac(SdkBytes.fromByteArray(new byte[32])).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)),
                InvalidKeyUsageException.class, kind.usageIs() + "VerifyMac.");
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"HMAC", "ECDSA", "RSA_SIGNING", "ED25519"})
    void rotationIsRefusedWithoutAMessageAndReportedOff(Kind kind) {
        String keyId = kind.keyId();
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(90)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.disableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.rotateKeyOnDemand(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.listKeyRotations(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.listKeyRotations(request -> request.keyId(keyId).includeKeyMaterial("ALL_KEY_MATERIAL")),
                UnsupportedOperationException.class, null);
        var status = client.getKeyRotationStatus(request -> request.keyId(keyId));
        assertThat(status.keyRotationEnabled()).isFalse();
        assertThat(status.rotationPeriodInDays()).isNull();
        assertThat(status.nextRotationDate()).isNull();
        assertThat(status.keyId()).isEqualTo(kind.arn());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aGrantNamesOnlyTheOperationsOfItsKeysType(Kind kind) {
        String keyId = kind.keyId();
        client.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE).operations(kind.grantable));
        for (GrantOperation operation : MODEL_OPERATIONS) {
            if (kind.grantable.contains(operation)) {
                continue;
            }
            assertUndeclaredError(() -> client.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                    .operations(GrantOperation.DESCRIBE_KEY, operation)), "ValidationException", "The grant operations "
                    + operation + " are not valid for " + kind.arn() + " whose key spec is " + kind.spec + ".");
        }
        assertThat(GrantIT.grantCount(client, keyId)).isEqualTo(1);
    }

    @Test
    void theGrantTableCoversEveryGrantOperation() {
        Set<GrantOperation> named = EnumSet.noneOf(GrantOperation.class);
        for (Kind kind : Kind.values()) {
            named.addAll(kind.grantable);
        }
        // DeriveSharedSecret is for key agreement keys (a kind made elsewhere).
        assertThat(named).hasSize(MODEL_OPERATIONS.size() - 1).doesNotContain(GrantOperation.DERIVE_SHARED_SECRET);
        assertThat(MODEL_OPERATIONS).containsAll(named);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"HMAC", "ECDSA", "RSA_SIGNING", "ED25519"})
    void encryptionContextConstraintsAreForSymmetricKeysOnly(Kind kind) {
        String keyId = kind.keyId();
        for (GrantConstraints constraints : List.of(
                GrantConstraints.builder().encryptionContextSubset(Map.of("purpose", "test")).build(),
                GrantConstraints.builder().encryptionContextEquals(Map.of("purpose", "test")).build())) {
            assertUndeclaredError(() -> client.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                    .operations(GrantOperation.DESCRIBE_KEY).constraints(constraints)), "ValidationException",
                    "Encryption context grant constraints are not valid for " + kind.arn() + " whose key spec is "
                            + kind.spec + ".");
        }
        String symmetric = kms.createKey(REGION);
        client.createGrant(request -> request.keyId(symmetric).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).constraints(constraint -> constraint
                        .encryptionContextSubset(Map.of("purpose", "test"))));
    }
}
