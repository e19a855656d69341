package dev.meridian.it;

import static dev.meridian.it.ImportSupport.INCORRECT_MATERIAL;
import static dev.meridian.it.ImportSupport.INVALID_TOKEN;
import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.ImportSupport.parameters;
import static dev.meridian.it.ImportSupport.random;
import static dev.meridian.it.ImportSupport.wrap;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** Every way GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial refuse, with AWS's errors. */
class ImportErrorsIT {
    private static final String REGION = "ap-southeast-2";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static KeyState state(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata().keyState();
    }

    /** An import of {@code material} with fresh parameters, never expiring, then {@code change} applied. */
    private static void importWith(String keyId, byte[] material, Consumer<ImportKeyMaterialRequest.Builder> change) {
        GetParametersForImportResponse parameters = parameters(client(), keyId);
        client().importKeyMaterial(request -> {
            request.keyId(keyId).importToken(parameters.importToken())
                    .encryptedKeyMaterial(wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
            change.accept(request);
        });
    }

    @Test
    void getParametersForImportRefusesKeysThatTakeNoImport() {
        String ownMaterial = client().createKey(request -> { }).keyMetadata().keyId();
        assertKmsError(() -> parameters(client(), ownMaterial), UnsupportedOperationException.class,
                arn(REGION, ownMaterial) + " origin is AWS_KMS which is not valid for this operation.");

        String pendingDeletion = createExternalKey(client());
        client().scheduleKeyDeletion(request -> request.keyId(pendingDeletion).pendingWindowInDays(7));
        assertKmsError(() -> parameters(client(), pendingDeletion), KmsInvalidStateException.class,
                arn(REGION, pendingDeletion) + " is pending deletion.");

        String missing = "0f0e0d0c-0b0a-4908-8706-050403020100";
        assertKmsError(() -> parameters(client(), missing), NotFoundException.class,
                "Key '" + arn(REGION, missing) + "' does not exist");
        String keyId = createExternalKey(client());
        client().createAlias(request -> request.aliasName("alias/import-target").targetKeyId(keyId));
        assertKmsError(() -> parameters(client(), "alias/import-target"), InvalidArnException.class,
                "Key Aliases are not supported for this operation.");
    }

    @Test
    void getParametersForImportRefusesRetiredAndChinaOnlyAlgorithms() {
        String keyId = createExternalKey(client());
        assertUndeclaredError(() -> parameters(client(), keyId, AlgorithmSpec.RSAES_PKCS1_V1_5, WrappingKeySpec.RSA_2048),
                "ValidationException", "The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use"
                        + " RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.");
        assertUndeclaredError(() -> parameters(client(), keyId, AlgorithmSpec.SM2_PKE, WrappingKeySpec.SM2),
                "ValidationException", "The SM2PKE wrapping algorithm is supported only in the China Regions.");
        assertUndeclaredError(() -> parameters(client(), keyId, AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.SM2),
                "ValidationException", "The SM2 wrapping key spec is supported only in the China Regions.");

        KmsClient china = kms.client("cn-north-1");
        String chinaKey = createExternalKey(china);
        assertUndeclaredError(() -> parameters(china, chinaKey, AlgorithmSpec.SM2_PKE, WrappingKeySpec.RSA_2048),
                "ValidationException", "The wrapping algorithm SM2PKE is not compatible with the wrapping key spec RSA_2048.");
        assertUndeclaredError(() -> parameters(china, chinaKey, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.SM2),
                "ValidationException", "The wrapping algorithm RSAES_OAEP_SHA_256 is not compatible with the wrapping key"
                        + " spec SM2.");
        for (AlgorithmSpec keyWrap : new AlgorithmSpec[] {AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1,
            AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256}) {
            assertUndeclaredError(() -> parameters(china, chinaKey, keyWrap, WrappingKeySpec.RSA_2048),
                    "ValidationException", "The " + keyWrap + " wrapping algorithm is not supported in the China Regions."
                            + " Use RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 or SM2PKE.");
            assertThat(parameters(client(), keyId, keyWrap, WrappingKeySpec.RSA_2048).importToken()).isNotNull();
        }
        assertThat(parameters(china, chinaKey).keyId()).isEqualTo("arn:aws-cn:kms:cn-north-1:" + KmsTestSupport.ACCOUNT
                + ":key/" + chinaKey);
    }

    @Test
    void expirationSettingsThatDoNotFitAreRefused() {
        String keyId = createExternalKey(client());
        byte[] material = newMaterial();
        String validToMissing = "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES";
        assertUndeclaredError(() -> importWith(keyId, material, request -> request.expirationModel((String) null)),
                "ValidationException", validToMissing);
        assertUndeclaredError(() -> importWith(keyId, material,
                request -> request.expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES)),
                "ValidationException", validToMissing);
        assertUndeclaredError(() -> importWith(keyId, material, request -> request.validTo(Instant.now().plusSeconds(3600))),
                "ValidationException", "The parameter ValidTo cannot be specified for a key with an expiration model of"
                        + " KEY_MATERIAL_DOES_NOT_EXPIRE");
        assertUndeclaredError(() -> importWith(keyId, material, request -> request.expirationModel((String) null)
                .validTo(Instant.now().minusSeconds(60))), "ValidationException", "ValidTo must be in the future");
        assertUndeclaredError(() -> importWith(keyId, material, request -> request.expirationModel((String) null)
                .validTo(Instant.now().plus(366, ChronoUnit.DAYS))), "ValidationException",
                "ValidTo must be no more than 365 days in the future");
        assertUndeclaredError(() -> importWith(keyId, material, request -> request.importType(ImportType.NEW_KEY_MATERIAL)
                .keyMaterialId("a".repeat(64))), "ValidationException",
                "You cannot specify a KeyMaterialId when the ImportType is NEW_KEY_MATERIAL.");
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void tokensOpenOnlyForTheirOwnKey() {
        String keyId = createExternalKey(client());
        String otherKeyId = createExternalKey(client());
        GetParametersForImportResponse forOther = parameters(client(), otherKeyId);
        SdkBytes encrypted = wrap(forOther, AlgorithmSpec.RSAES_OAEP_SHA_256, newMaterial());

        assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(keyId).importToken(forOther.importToken())
                .encryptedKeyMaterial(encrypted).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                InvalidImportTokenException.class, INVALID_TOKEN);
        byte[] altered = forOther.importToken().asByteArray();
        altered[5] ^= 1;
        assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(otherKeyId)
                .importToken(SdkBytes.fromByteArray(altered)).encryptedKeyMaterial(encrypted)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                InvalidImportTokenException.class, INVALID_TOKEN);
        assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(otherKeyId)
                .importToken(SdkBytes.fromByteArray(random(300))).encryptedKeyMaterial(encrypted)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                InvalidImportTokenException.class, INVALID_TOKEN);
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(state(otherKeyId)).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void materialThatDoesNotUnwrapIsAnInvalidCiphertext() {
        String keyId = createExternalKey(client());
        GetParametersForImportResponse parameters = parameters(client(), keyId);
        GetParametersForImportResponse otherParameters = parameters(client(), keyId);
        byte[] material = newMaterial();
        for (SdkBytes encrypted : new SdkBytes[] {
            wrap(otherParameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material),
            wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_1, material),
            SdkBytes.fromByteArray(random(256)),
        }) {
            assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(keyId)
                    .importToken(parameters.importToken()).encryptedKeyMaterial(encrypted)
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                    InvalidCiphertextException.class, null);
        }
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void encryptedMaterialOfTheWrongSizeForTheWrappingKeyIsAValidationError() {
        String keyId = createExternalKey(client());
        byte[] material = newMaterial();
        GetParametersForImportResponse oaep = parameters(client(), keyId, AlgorithmSpec.RSAES_OAEP_SHA_256,
                WrappingKeySpec.RSA_3072);
        GetParametersForImportResponse keyWrap = parameters(client(), keyId, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
                WrappingKeySpec.RSA_2048);
        byte[] wrapped = wrap(keyWrap, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, material).asByteArray();
        assertThat(wrapped).hasSize(256 + 40);
        Map<GetParametersForImportResponse, byte[][]> wrongSizes = Map.of(
                oaep, new byte[][] {random(383), random(385), random(256), wrapped,
                    wrap(keyWrap, AlgorithmSpec.RSAES_OAEP_SHA_256, material).asByteArray()},
                keyWrap, new byte[][] {random(256), random(255), java.util.Arrays.copyOf(wrapped, 256 + 32),
                    java.util.Arrays.copyOf(wrapped, 256 + 41), random(256 + 48),
                    wrap(keyWrap, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, random(24)).asByteArray()});
        wrongSizes.forEach((parameters, encrypted) -> {
            for (byte[] bytes : encrypted) {
                assertUndeclaredError(() -> client().importKeyMaterial(request -> request.keyId(keyId)
                        .importToken(parameters.importToken()).encryptedKeyMaterial(SdkBytes.fromByteArray(bytes))
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                        "ValidationException", "Invalid encrypted key size.");
            }
        });
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

        // The right size, altered: the other unwrap failures keep their error.
        byte[] altered = wrapped.clone();
        altered[altered.length - 1] ^= 1;
        assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(keyId)
                .importToken(keyWrap.importToken()).encryptedKeyMaterial(SdkBytes.fromByteArray(altered))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)), InvalidCiphertextException.class, null);
        client().importKeyMaterial(request -> request.keyId(keyId).importToken(keyWrap.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void materialOfTheWrongSizeOrIdentityIsIncorrect() {
        String keyId = createExternalKey(client());
        for (int length : new int[] {0, 1, 16, 31, 33, 64}) {
            assertKmsError(() -> importWith(keyId, random(length), request -> { }), IncorrectKeyMaterialException.class,
                    INCORRECT_MATERIAL);
        }
        assertKmsError(() -> importWith(keyId, newMaterial(), request -> request.importType(ImportType.EXISTING_KEY_MATERIAL)),
                IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

        byte[] material = newMaterial();
        String keyMaterialId = importMaterial(client(), keyId, material).keyMaterialId();
        assertKmsError(() -> importWith(keyId, newMaterial(), request -> { }), IncorrectKeyMaterialException.class,
                INCORRECT_MATERIAL);
        assertKmsError(() -> importWith(keyId, material, request -> request.keyMaterialId("b".repeat(64))),
                IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        assertKmsError(() -> importWith(keyId, material, request -> request.importType(ImportType.NEW_KEY_MATERIAL)),
                IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);

        importWith(keyId, material, request -> request.keyMaterialId(keyMaterialId)
                .importType(ImportType.EXISTING_KEY_MATERIAL).keyMaterialDescription("again"));
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void keysOfAnotherOriginOrPendingDeletionTakeNoMaterial() {
        String keyId = createExternalKey(client());
        GetParametersForImportResponse parameters = parameters(client(), keyId);
        SdkBytes encrypted = wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, newMaterial());
        String ownMaterial = client().createKey(request -> { }).keyMetadata().keyId();

        assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(ownMaterial)
                .importToken(parameters.importToken()).encryptedKeyMaterial(encrypted)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)), UnsupportedOperationException.class,
                arn(REGION, ownMaterial) + " origin is AWS_KMS which is not valid for this operation.");
        assertKmsError(() -> client().deleteImportedKeyMaterial(request -> request.keyId(ownMaterial)),
                UnsupportedOperationException.class,
                arn(REGION, ownMaterial) + " origin is AWS_KMS which is not valid for this operation.");

        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        assertKmsError(() -> client().importKeyMaterial(request -> request.keyId(keyId)
                .importToken(parameters.importToken()).encryptedKeyMaterial(encrypted)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is pending deletion.");
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_DELETION);
    }

    @Test
    void deleteImportedKeyMaterialRefusesUnknownMaterialAndKeys() {
        String keyId = createExternalKey(client());
        importMaterial(client(), keyId, newMaterial());
        String unknown = "c".repeat(64);
        assertKmsError(() -> client().deleteImportedKeyMaterial(request -> request.keyId(keyId).keyMaterialId(unknown)),
                NotFoundException.class, "Key material " + unknown + " is not associated with " + arn(REGION, keyId) + ".");
        String missing = "0f0e0d0c-0b0a-4908-8706-050403020101";
        assertKmsError(() -> client().deleteImportedKeyMaterial(request -> request.keyId(missing)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(client().encrypt(request -> request.keyId(keyId).plaintext(bytes("still usable")))).isNotNull();
    }
}
