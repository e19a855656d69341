package dev.meridian.it;

import static dev.meridian.it.GrantIT.GRANTEE;
import static dev.meridian.it.GrantIT.grant;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunModifierType;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantIdException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * DryRun on every operation that has it: every check runs, nothing takes effect, and a request that would
 * have succeeded gets {@code DryRunOperationException}; a request that would have failed gets its own error.
 */
class DryRunIT {
    private static final String REGION = "ap-southeast-2";
    private static final String DRY_RUN = "The request would have succeeded, but the DryRun option is set.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static int grantCount(String keyId) {
        return GrantIT.grantCount(client(), keyId);
    }

    @Test
    void cryptographicOperationsAnswerDryRunAndLeaveNoTrace() {
        String keyId = kms.createKey(REGION);
        String other = kms.createKey(REGION);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(other).plaintext(bytes("secret")))
                .ciphertextBlob();

        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x")).dryRun(true)),
                DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext).dryRun(true)),
                DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().generateDataKey(request -> request.keyId(keyId).keySpec("AES_128").dryRun(true)),
                DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().generateDataKeyWithoutPlaintext(request -> request.keyId(keyId)
                .numberOfBytes(64).dryRun(true)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().reEncrypt(request -> request.ciphertextBlob(ciphertext).destinationKeyId(keyId)
                .dryRun(true)), DryRunOperationException.class, DRY_RUN);

        assertThat(client().getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage()).isNull();
        assertThat(client().getKeyLastUsage(request -> request.keyId(other)).keyLastUsage().operationAsString())
                .isEqualTo("Encrypt");
    }

    @Test
    void aDryRunThatWouldFailGetsTheErrorOfTheRealRequest() {
        String keyId = kms.createKey(REGION);
        String other = kms.createKey(REGION);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(other).plaintext(bytes("secret")))
                .ciphertextBlob();
        client().disableKey(request -> request.keyId(keyId));

        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x")).dryRun(true)),
                DisabledException.class, arn(REGION, keyId) + " is disabled.");
        assertKmsError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext).keyId(keyId).dryRun(true)),
                IncorrectKeyException.class,
                "The key ID in the request does not identify a CMK that can perform this operation.");
        assertKmsError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext)
                .encryptionContext(java.util.Map.of("wrong", "context")).dryRun(true)),
                InvalidCiphertextException.class, null);
        String missing = "99999999-9999-9999-9999-999999999999";
        assertKmsError(() -> client().generateDataKey(request -> request.keyId(missing).numberOfBytes(1).dryRun(true)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
    }

    @Test
    void ignoreCiphertextChecksTheKeyWithoutAnyCiphertext() {
        String keyId = kms.createKey(REGION);
        String other = kms.createKey(REGION);
        client().createAlias(request -> request.aliasName("alias/dry-run-ignore").targetKeyId(keyId));
        SdkBytes garbage = SdkBytes.fromByteArray(new byte[] {1, 2, 3});

        for (String name : new String[] {keyId, arn(REGION, keyId), "alias/dry-run-ignore"}) {
            assertKmsError(() -> client().decrypt(request -> request.keyId(name).dryRun(true)
                    .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DryRunOperationException.class, DRY_RUN);
        }
        assertKmsError(() -> client().decrypt(request -> request.keyId(keyId).ciphertextBlob(garbage).dryRun(true)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().reEncrypt(request -> request.sourceKeyId(keyId).destinationKeyId(other)
                .dryRun(true).dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DryRunOperationException.class,
                DRY_RUN);
        assertThat(client().getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage()).isNull();
        assertThat(client().getKeyLastUsage(request -> request.keyId(other)).keyLastUsage()).isNull();
    }

    @Test
    void ignoreCiphertextRunsEveryOtherCheck() {
        String keyId = kms.createKey(REGION);
        String disabled = kms.createKey(REGION);
        client().disableKey(request -> request.keyId(disabled));
        String missing = "99999999-9999-9999-9999-999999999998";

        assertKmsError(() -> client().decrypt(request -> request.keyId(disabled).dryRun(true)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DisabledException.class,
                arn(REGION, disabled) + " is disabled.");
        assertKmsError(() -> client().decrypt(request -> request.keyId(missing).dryRun(true)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), NotFoundException.class,
                "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().decrypt(request -> request.keyId(keyId).encryptionAlgorithm("RSAES_OAEP_SHA_256")
                .dryRun(true).dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), InvalidKeyUsageException.class,
                "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
        assertKmsError(() -> client().reEncrypt(request -> request.sourceKeyId(keyId).destinationKeyId(disabled)
                .dryRun(true).dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DisabledException.class,
                arn(REGION, disabled) + " is disabled.");
        assertKmsError(() -> client().reEncrypt(request -> request.sourceKeyId(disabled).destinationKeyId(keyId)
                .dryRun(true).dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DisabledException.class,
                arn(REGION, disabled) + " is disabled.");

        // Without the key, nothing says which key to check.
        assertUndeclaredError(() -> client().decrypt(request -> request.dryRun(true)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), "ValidationException",
                "KeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.");
        assertUndeclaredError(() -> client().reEncrypt(request -> request.destinationKeyId(keyId).dryRun(true)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), "ValidationException",
                "SourceKeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.");
    }

    @Test
    void ignoreCiphertextOutsideADryRunChangesNothing() {
        String keyId = kms.createKey(REGION);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("kept"))).ciphertextBlob();
        assertThat(client().decrypt(request -> request.ciphertextBlob(ciphertext)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)).plaintext().asUtf8String()).isEqualTo("kept");
        assertUndeclaredError(() -> client().decrypt(request -> request.keyId(keyId).dryRun(false)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), "ValidationException",
                "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must"
                        + " not be null");
        assertUndeclaredError(() -> client().decrypt(request -> request.keyId(keyId).dryRun(true)), "ValidationException",
                "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must"
                        + " not be null");
    }

    @Test
    void dryRunFalseIsAnOrdinaryRequest() {
        String keyId = kms.createKey(REGION);

        assertThat(client().encrypt(request -> request.keyId(keyId).plaintext(bytes("real")).dryRun(false))
                .ciphertextBlob()).isNotNull();
        grant(client(), keyId, GrantOperation.ENCRYPT);
        client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).dryRun(false));
        assertThat(grantCount(keyId)).isEqualTo(2);
    }

    @Test
    void signingAndMacOperationsAnswerDryRunAndLeaveNoTrace() {
        String signingKeyId = client().createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        String macKeyId = client().createKey(request -> request.keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
        SdkBytes signature = client().sign(request -> request.keyId(signingKeyId).message(bytes("x"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature();
        SdkBytes mac = client().generateMac(request -> request.keyId(macKeyId).message(bytes("x"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac();

        assertKmsError(() -> client().sign(request -> request.keyId(signingKeyId).message(bytes("x"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).dryRun(true)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().verify(request -> request.keyId(signingKeyId).message(bytes("x"))
                .signature(signature).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).dryRun(true)),
                DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().generateMac(request -> request.keyId(macKeyId).message(bytes("x"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).dryRun(true)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().verifyMac(request -> request.keyId(macKeyId).message(bytes("x")).mac(mac)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).dryRun(true)), DryRunOperationException.class, DRY_RUN);
        // The last uses are still those made before the dry runs.
        assertThat(client().getKeyLastUsage(request -> request.keyId(signingKeyId)).keyLastUsage().operationAsString())
                .isEqualTo("Sign");
        assertThat(client().getKeyLastUsage(request -> request.keyId(macKeyId)).keyLastUsage().operationAsString())
                .isEqualTo("GenerateMac");
    }

    @Test
    void aSigningOrMacDryRunThatWouldFailGetsTheErrorOfTheRealRequest() {
        String signingKeyId = client().createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        String macKeyId = client().createKey(request -> request.keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();

        // A signature or MAC that does not verify is the real request's failure, not a dry-run success.
        assertKmsError(() -> client().verify(request -> request.keyId(signingKeyId).message(bytes("x"))
                .signature(SdkBytes.fromByteArray(new byte[72])).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                .dryRun(true)), KmsInvalidSignatureException.class, null);
        assertKmsError(() -> client().verifyMac(request -> request.keyId(macKeyId).message(bytes("x"))
                .mac(SdkBytes.fromByteArray(new byte[32])).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).dryRun(true)),
                KmsInvalidMacException.class, null);
        assertKmsError(() -> client().sign(request -> request.keyId(macKeyId).message(bytes("x"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).dryRun(true)), InvalidKeyUsageException.class,
                arn(REGION, macKeyId) + " key usage is GENERATE_VERIFY_MAC which is not valid for Sign.");
        assertKmsError(() -> client().generateMac(request -> request.keyId(signingKeyId).message(bytes("x"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).dryRun(true)), InvalidKeyUsageException.class,
                arn(REGION, signingKeyId) + " key usage is SIGN_VERIFY which is not valid for GenerateMac.");
        assertKmsError(() -> client().sign(request -> request.keyId(signingKeyId).message(bytes("x"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384).dryRun(true)), InvalidKeyUsageException.class,
                "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.");
        client().disableKey(request -> request.keyId(macKeyId));
        assertKmsError(() -> client().generateMac(request -> request.keyId(macKeyId).message(bytes("x"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).dryRun(true)), DisabledException.class,
                arn(REGION, macKeyId) + " is disabled.");
        assertThat(client().getKeyLastUsage(request -> request.keyId(signingKeyId)).keyLastUsage()).isNull();
        assertThat(client().getKeyLastUsage(request -> request.keyId(macKeyId)).keyLastUsage()).isNull();
    }

    @Test
    void grantWritesAnswerDryRunAndChangeNothing() {
        String keyId = kms.createKey(REGION);
        var existing = client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE).name("named")
                .operations(GrantOperation.ENCRYPT));

        assertKmsError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).dryRun(true)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .name("named").operations(GrantOperation.ENCRYPT).dryRun(true)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().retireGrant(request -> request.grantToken(existing.grantToken()).dryRun(true)),
                DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().retireGrant(request -> request.keyId(keyId).grantId(existing.grantId())
                .dryRun(true)), DryRunOperationException.class, DRY_RUN);
        assertKmsError(() -> client().revokeGrant(request -> request.keyId(keyId).grantId(existing.grantId())
                .dryRun(true)), DryRunOperationException.class, DRY_RUN);

        assertThat(client().listGrants(request -> request.keyId(keyId)).grants())
                .extracting(entry -> entry.grantId()).containsExactly(existing.grantId());
    }

    @Test
    void grantWritesThatWouldFailGetTheirOwnErrorInADryRun() {
        String keyId = kms.createKey(REGION);
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));

        assertKmsError(() -> client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.DECRYPT).dryRun(true)), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is pending deletion.");
        assertKmsError(() -> client().revokeGrant(request -> request.keyId(keyId).grantId("bad").dryRun(true)),
                InvalidGrantIdException.class, "The request was rejected because the specified GrantId is not valid.");
        assertThat(grantCount(keyId)).isZero();
    }
}
