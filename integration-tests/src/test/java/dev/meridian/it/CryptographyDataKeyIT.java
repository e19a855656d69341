package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/** Data keys, random bytes, ReEncrypt, and the cryptographic operations on a disabled key or with a wrong algorithm. */
class CryptographyDataKeyIT {
    private static final String REGION = "ap-southeast-2";
    private static final String EITHER = "Please specify either number of bytes or key spec.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static KmsClient client;
    private static String keyId;
    private static String otherKeyId;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        keyId = client.createKey(request -> { }).keyMetadata().keyId();
        otherKeyId = client.createKey(request -> { }).keyMetadata().keyId();
    }

    private static byte[] decrypt(SdkBytes blob, Map<String, String> context) {
        return client.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(context)).plaintext().asByteArray();
    }

    @Test
    void generateDataKeyBySpecAndByNumberOfBytes() {
        Map<String, String> context = Map.of("purpose", "data-key");
        for (DataKeySpec spec : new DataKeySpec[] {DataKeySpec.AES_256, DataKeySpec.AES_128}) {
            GenerateDataKeyResponse dataKey = client.generateDataKey(request -> request.keyId(keyId).keySpec(spec)
                    .encryptionContext(context));
            assertThat(dataKey.plaintext().asByteArray()).hasSize(spec == DataKeySpec.AES_256 ? 32 : 16);
            assertThat(dataKey.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(decrypt(dataKey.ciphertextBlob(), context)).isEqualTo(dataKey.plaintext().asByteArray());
            assertKmsError(() -> decrypt(dataKey.ciphertextBlob(), Map.of()), InvalidCiphertextException.class, null);
        }
        for (int length : new int[] {1, 64, 1024}) {
            GenerateDataKeyResponse dataKey = client.generateDataKey(request -> request.keyId(keyId).numberOfBytes(length));
            assertThat(dataKey.plaintext().asByteArray()).hasSize(length);
            assertThat(decrypt(dataKey.ciphertextBlob(), Map.of())).isEqualTo(dataKey.plaintext().asByteArray());
        }
        assertThat(client.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256)).plaintext())
                .isNotEqualTo(client.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256)).plaintext());
    }

    @Test
    void generateDataKeyNeedsExactlyOneOfSpecAndNumberOfBytes() {
        assertUndeclaredError(() -> client.generateDataKey(request -> request.keyId(keyId)), "ValidationException", EITHER);
        assertUndeclaredError(() -> client.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256).numberOfBytes(32)), "ValidationException", EITHER);
        assertUndeclaredError(() -> client.generateDataKeyWithoutPlaintext(request -> request.keyId(keyId)), "ValidationException", EITHER);
    }

    @Test
    void generateDataKeyNumberOfBytesOutsideTheModelRange() {
        assertUndeclaredError(() -> client.generateDataKey(request -> request.keyId(keyId).numberOfBytes(0)), "ValidationException", "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint:"
                        + " Member must have value greater than or equal to 1");
        assertUndeclaredError(() -> client.generateDataKey(request -> request.keyId(keyId).numberOfBytes(1025)), "ValidationException", "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint:"
                        + " Member must have value less than or equal to 1024");
    }

    @Test
    void generateDataKeyWithoutPlaintextReturnsOnlyTheCiphertext() {
        GenerateDataKeyWithoutPlaintextResponse dataKey = client.generateDataKeyWithoutPlaintext(request -> request
                .keyId(keyId).keySpec(DataKeySpec.AES_128).encryptionContext(Map.of("a", "b")));
        assertThat(dataKey.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(dataKey.ciphertextBlob().asByteArray()).hasSize(16 + 78);
        assertThat(decrypt(dataKey.ciphertextBlob(), Map.of("a", "b"))).hasSize(16);
    }

    @Test
    void generateRandomGivesTheNumberOfBytesAskedFor() {
        for (int length : new int[] {1, 32, 1024}) {
            assertThat(client.generateRandom(request -> request.numberOfBytes(length)).plaintext().asByteArray()).hasSize(length);
        }
        assertThat(client.generateRandom(request -> request.numberOfBytes(32)).plaintext())
                .isNotEqualTo(client.generateRandom(request -> request.numberOfBytes(32)).plaintext());
        assertUndeclaredError(() -> client.generateRandom(request -> request.numberOfBytes(0)), "ValidationException", "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint:"
                        + " Member must have value greater than or equal to 1");
        assertUndeclaredError(() -> client.generateRandom(request -> request.numberOfBytes(1025)), "ValidationException", "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint:"
                        + " Member must have value less than or equal to 1024");
        assertUndeclaredError(() -> client.generateRandom(request -> { }), "ValidationException", "NumberOfBytes is required.");
    }

    @Test
    void reEncryptMovesACiphertextToAnotherKeyAndContext() {
        byte[] plaintext = "move me".getBytes();
        SdkBytes original = client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                .encryptionContext(Map.of("stage", "one"))).ciphertextBlob();

        ReEncryptResponse moved = client.reEncrypt(request -> request.ciphertextBlob(original)
                .sourceEncryptionContext(Map.of("stage", "one")).destinationKeyId(otherKeyId)
                .destinationEncryptionContext(Map.of("stage", "two")));
        assertThat(moved.sourceKeyId()).isEqualTo(arn(REGION, keyId));
        assertThat(moved.keyId()).isEqualTo(arn(REGION, otherKeyId));
        assertThat(moved.sourceEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(moved.destinationEncryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(decrypt(moved.ciphertextBlob(), Map.of("stage", "two"))).isEqualTo(plaintext);
        assertThat(client.decrypt(request -> request.ciphertextBlob(moved.ciphertextBlob())
                .encryptionContext(Map.of("stage", "two"))).keyId()).isEqualTo(arn(REGION, otherKeyId));
        assertKmsError(() -> decrypt(moved.ciphertextBlob(), Map.of("stage", "one")), InvalidCiphertextException.class, null);

        ReEncryptResponse sameKey = client.reEncrypt(request -> request.ciphertextBlob(original).sourceKeyId(keyId)
                .sourceEncryptionContext(Map.of("stage", "one")).destinationKeyId(keyId));
        assertThat(decrypt(sameKey.ciphertextBlob(), Map.of())).isEqualTo(plaintext);
    }

    @Test
    void reEncryptChecksTheSourceContextAndKey() {
        SdkBytes original = client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                .encryptionContext(Map.of("stage", "one"))).ciphertextBlob();
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(original).destinationKeyId(otherKeyId)),
                InvalidCiphertextException.class, null);
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(original).sourceKeyId(otherKeyId)
                        .sourceEncryptionContext(Map.of("stage", "one")).destinationKeyId(otherKeyId)),
                IncorrectKeyException.class, "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    @Test
    void everyCryptographicOperationRefusesADisabledKey() {
        String disabled = client.createKey(request -> { }).keyMetadata().keyId();
        SdkBytes blob = client.encrypt(request -> request.keyId(disabled).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
        SdkBytes enabledBlob = client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("y"))).ciphertextBlob();
        client.disableKey(request -> request.keyId(disabled));
        String message = arn(REGION, disabled) + " is disabled.";
        ThrowingCallable[] calls = {
            () -> client.encrypt(request -> request.keyId(disabled).plaintext(SdkBytes.fromUtf8String("x"))),
            () -> client.decrypt(request -> request.ciphertextBlob(blob)),
            () -> client.decrypt(request -> request.ciphertextBlob(blob).keyId(disabled)),
            () -> client.reEncrypt(request -> request.ciphertextBlob(blob).destinationKeyId(keyId)),
            () -> client.reEncrypt(request -> request.ciphertextBlob(enabledBlob).destinationKeyId(disabled)),
            () -> client.generateDataKey(request -> request.keyId(disabled).keySpec(DataKeySpec.AES_256)),
            () -> client.generateDataKeyWithoutPlaintext(request -> request.keyId(disabled).numberOfBytes(16)),
        };
        for (ThrowingCallable call : calls) {
            assertKmsError(call, DisabledException.class, message);
        }
        client.enableKey(request -> request.keyId(disabled));
        assertThat(decrypt(blob, Map.of())).containsExactly('x');
    }

    @Test
    void anAsymmetricAlgorithmOnASymmetricKeyIsInvalidKeyUsage() {
        String message = "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.";
        SdkBytes blob = client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))).ciphertextBlob();
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), InvalidKeyUsageException.class, message);
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(blob)
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), InvalidKeyUsageException.class, message);
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(blob).destinationKeyId(otherKeyId)
                .destinationEncryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), InvalidKeyUsageException.class, message);
        assertThat(client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)).encryptionAlgorithm())
                .isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    }
}
