package dev.meridian.wire;

import dev.meridian.core.Cryptography;

/**
 * The wire side of the cryptographic family; everything runs on the event loop. Each operation that uses
 * key material tells the audit record which ({@code additionalEventData}: {@code keyMaterialId}, or
 * ReEncrypt's {@code destinationKeyMaterialId} and {@code sourceKeyMaterialId}), as AWS's records since 2025 do.
 */
final class CryptographyHandlers {
    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    private static final String KEY_MATERIAL_ID = "keyMaterialId";

    private CryptographyHandlers() {
    }

    static void register(Operations operations, Cryptography cryptography) {
        operations.add("Encrypt", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.Encrypted encrypted = cryptography.encrypt(caller, request.string("KeyId"),
                    request.blob("Plaintext"), request.stringMap("EncryptionContext"), request.string("EncryptionAlgorithm"));
            request.additionalEventData(KEY_MATERIAL_ID, encrypted.keyMaterialId());
            return Json.object().put("CiphertextBlob", Json.base64(encrypted.ciphertext()))
                    .put("KeyId", encrypted.key().arn()).put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        });
        operations.add("Decrypt", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.Decrypted decrypted = cryptography.decrypt(caller, request.blob("CiphertextBlob"),
                    request.stringMap("EncryptionContext"), request.string("KeyId"), request.string("EncryptionAlgorithm"));
            request.additionalEventData(KEY_MATERIAL_ID, decrypted.keyMaterialId());
            return Json.object().put("KeyId", decrypted.key().arn()).put("Plaintext", Json.base64(decrypted.plaintext()))
                    .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT).put("KeyMaterialId", decrypted.keyMaterialId());
        });
        operations.add("ReEncrypt", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.ReEncrypted result = cryptography.reEncrypt(caller, request.blob("CiphertextBlob"),
                    request.stringMap("SourceEncryptionContext"), request.string("SourceKeyId"),
                    request.string("SourceEncryptionAlgorithm"), request.string("DestinationKeyId"),
                    request.stringMap("DestinationEncryptionContext"), request.string("DestinationEncryptionAlgorithm"));
            request.additionalEventData("destinationKeyMaterialId", result.destinationKeyMaterialId());
            request.additionalEventData("sourceKeyMaterialId", result.sourceKeyMaterialId());
            return Json.object().put("CiphertextBlob", Json.base64(result.ciphertext()))
                    .put("SourceKeyId", result.sourceKey().arn()).put("KeyId", result.destinationKey().arn())
                    .put("SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT)
                    .put("DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT)
                    .put("SourceKeyMaterialId", result.sourceKeyMaterialId())
                    .put("DestinationKeyMaterialId", result.destinationKeyMaterialId());
        });
        operations.add("GenerateDataKey", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.DataKey dataKey = cryptography.generateDataKey(caller, request.string("KeyId"),
                    request.string("KeySpec"), request.integer("NumberOfBytes"), request.stringMap("EncryptionContext"), true);
            request.additionalEventData(KEY_MATERIAL_ID, dataKey.keyMaterialId());
            return Json.object().put("CiphertextBlob", Json.base64(dataKey.ciphertext()))
                    .put("Plaintext", Json.base64(dataKey.plaintext())).put("KeyId", dataKey.key().arn())
                    .put("KeyMaterialId", dataKey.keyMaterialId());
        });
        operations.add("GenerateDataKeyWithoutPlaintext", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.DataKey dataKey = cryptography.generateDataKey(caller, request.string("KeyId"),
                    request.string("KeySpec"), request.integer("NumberOfBytes"), request.stringMap("EncryptionContext"), false);
            request.additionalEventData(KEY_MATERIAL_ID, dataKey.keyMaterialId());
            return Json.object().put("CiphertextBlob", Json.base64(dataKey.ciphertext())).put("KeyId", dataKey.key().arn())
                    .put("KeyMaterialId", dataKey.keyMaterialId());
        });
        operations.add("GenerateRandom", Execution.EVENT_LOOP, (caller, request) -> {
            if (request.has("CustomKeyStoreId")) {
                throw new dev.meridian.core.KmsException(dev.meridian.core.ErrorCode.UNSUPPORTED_OPERATION,
                        "Custom key stores are not supported by Meridian yet.");
            }
            return Json.object().put("Plaintext", Json.base64(cryptography.generateRandom(request.integer("NumberOfBytes"))));
        });
    }
}
