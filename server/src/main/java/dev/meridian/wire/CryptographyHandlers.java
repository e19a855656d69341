package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.Cryptography;
import dev.meridian.crypto.RecipientSealer;
import dev.meridian.model.RequestContext;
import dev.meridian.crypto.SecretBytes;
import dev.meridian.crypto.attestation.AttestationDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire side of the cryptographic family; everything runs on the event loop. Each operation that uses
 * key material tells the audit record which ({@code additionalEventData}: {@code keyMaterialId}, or
 * ReEncrypt's {@code destinationKeyMaterialId} and {@code sourceKeyMaterialId}), as AWS's records since 2025 do.
 * A secret of a response (Decrypt's plaintext, GenerateDataKey's data key, GenerateRandom's bytes) goes out
 * through {@link #secret}: in the clear, or, when the request has a {@code Recipient}, only sealed to the
 * attested enclave's key as {@code CiphertextForRecipient}, with no {@code Plaintext} member.
 */
final class CryptographyHandlers {
    /** The PCRs besides PCR0 that AWS's records of attested requests carry. */
    private static final int[] RECORDED_PCRS = {1, 2, 3, 4, 8};
    private static final String KEY_MATERIAL_ID = "keyMaterialId";

    private CryptographyHandlers() {
    }

    static void register(Operations operations, Cryptography cryptography) {
        operations.add("Encrypt", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.Encrypted encrypted = cryptography.encrypt(caller, request.string("KeyId"),
                    request.blob("Plaintext"), request.stringMap("EncryptionContext"), request.string("EncryptionAlgorithm"));
            keyMaterialId(request, KEY_MATERIAL_ID, encrypted.keyMaterialId());
            return Json.object().put("CiphertextBlob", Json.base64(encrypted.ciphertext()))
                    .put("KeyId", encrypted.key().arn()).put("EncryptionAlgorithm", encrypted.encryptionAlgorithm());
        });
        operations.add("Decrypt", Execution.EVENT_LOOP, (caller, request) -> {
            RecipientSealer recipient = recipient(cryptography, request);
            Cryptography.Decrypted decrypted = cryptography.decrypt(attested(caller, recipient), request.blob("CiphertextBlob"),
                    request.stringMap("EncryptionContext"), request.string("KeyId"), request.string("EncryptionAlgorithm"));
            keyMaterialId(request, KEY_MATERIAL_ID, decrypted.keyMaterialId());
            ObjectNode response = secret(Json.object().put("KeyId", decrypted.key().arn()), "Plaintext",
                    decrypted.plaintext(), recipient).put("EncryptionAlgorithm", decrypted.encryptionAlgorithm());
            return decrypted.keyMaterialId() == null ? response : response.put("KeyMaterialId", decrypted.keyMaterialId());
        });
        operations.add("ReEncrypt", Execution.EVENT_LOOP, (caller, request) -> {
            Cryptography.ReEncrypted result = cryptography.reEncrypt(caller, request.blob("CiphertextBlob"),
                    request.stringMap("SourceEncryptionContext"), request.string("SourceKeyId"),
                    request.string("SourceEncryptionAlgorithm"), request.string("DestinationKeyId"),
                    request.stringMap("DestinationEncryptionContext"), request.string("DestinationEncryptionAlgorithm"));
            keyMaterialId(request, "destinationKeyMaterialId", result.destinationKeyMaterialId());
            keyMaterialId(request, "sourceKeyMaterialId", result.sourceKeyMaterialId());
            ObjectNode response = Json.object().put("CiphertextBlob", Json.base64(result.ciphertext()))
                    .put("SourceKeyId", result.sourceKey().arn()).put("KeyId", result.destinationKey().arn())
                    .put("SourceEncryptionAlgorithm", result.sourceEncryptionAlgorithm())
                    .put("DestinationEncryptionAlgorithm", result.destinationEncryptionAlgorithm());
            if (result.sourceKeyMaterialId() != null) {
                response.put("SourceKeyMaterialId", result.sourceKeyMaterialId());
            }
            if (result.destinationKeyMaterialId() != null) {
                response.put("DestinationKeyMaterialId", result.destinationKeyMaterialId());
            }
            return response;
        });
        operations.add("GenerateDataKey", Execution.EVENT_LOOP, (caller, request) -> {
            RecipientSealer recipient = recipient(cryptography, request);
            Cryptography.DataKey dataKey = cryptography.generateDataKey(attested(caller, recipient), request.string("KeyId"),
                    request.string("KeySpec"), request.integer("NumberOfBytes"), request.stringMap("EncryptionContext"), true);
            request.additionalEventData(KEY_MATERIAL_ID, dataKey.keyMaterialId());
            return secret(Json.object().put("CiphertextBlob", Json.base64(dataKey.ciphertext())), "Plaintext",
                    dataKey.plaintext(), recipient).put("KeyId", dataKey.key().arn())
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
            RecipientSealer recipient = recipient(cryptography, request);
            return secret(Json.object(), "Plaintext",
                    cryptography.generateRandom(attested(caller, recipient), request.integer("NumberOfBytes")), recipient);
        });
    }

    /**
     * Records the {@code KeyMaterialId} an operation used in its audit record; AWS names none for an asymmetric
     * key (null), as its responses do not.
     */
    private static void keyMaterialId(WireRequest request, String name, String keyMaterialId) {
        if (keyMaterialId != null) {
            request.additionalEventData(name, keyMaterialId);
        }
    }

    /**
     * The caller, with the enclave {@code recipient} attested when there is one: the condition keys
     * {@code kms:RecipientAttestation:ImageSha384} and {@code kms:RecipientAttestation:PCR<n>} of its document.
     */
    static RequestContext attested(RequestContext caller, RecipientSealer recipient) {
        if (recipient == null) {
            return caller;
        }
        java.util.Map<Integer, String> pcrs = new java.util.HashMap<>();
        for (int index : recipient.document().pcrIndexes()) {
            recipient.document().pcrHex(index).ifPresent(hex -> pcrs.put(index, hex));
        }
        return caller.withRecipient(new dev.meridian.model.RecipientAttestation(pcrs));
    }

    /**
     * The request's {@code Recipient}, checked, as the sealer of the response's secret; null without one. Also
     * for DeriveSharedSecret ({@link KeyAgreementHandlers}) and GenerateDataKeyPair ({@link DataKeyPairHandlers}).
     */
    static RecipientSealer recipient(Cryptography cryptography, WireRequest request) {
        if (!request.has("Recipient")) {
            return null;
        }
        WireRequest recipient = new WireRequest(request.node("Recipient"));
        RecipientSealer sealer = cryptography.recipient(recipient.string("KeyEncryptionAlgorithm"),
                recipient.blob("AttestationDocument"));
        request.additionalEventData("recipient", recipientEventData(sealer.document()));
        return sealer;
    }

    /**
     * Puts {@code secret} in the response: as {@code member} in the clear without a recipient, else only as
     * {@code CiphertextForRecipient}, sealed to the recipient's key. The secret is wiped afterwards.
     */
    static ObjectNode secret(ObjectNode response, String member, SecretBytes secret, RecipientSealer recipient) {
        try {
            return recipient == null ? response.put(member, Json.base64(secret))
                    : response.put("CiphertextForRecipient", Json.base64(recipient.seal(secret)));
        } finally {
            secret.destroy();
        }
    }

    /**
     * What AWS's records of attested requests name of the enclave ({@code additionalEventData.recipient}): its
     * module ID, its image digest (PCR0) and PCRs 1, 2, 3, 4 and 8 where the document has them, base64 as real
     * records show them (AWS's documentation sample writes the digest in hexadecimal).
     */
    private static Map<String, Object> recipientEventData(AttestationDocument document) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("attestationDocumentModuleId", document.moduleId());
        document.pcr(0).ifPresent(pcr -> recipient.put("attestationDocumentEnclaveImageDigest", Json.base64(pcr)));
        for (int index : RECORDED_PCRS) {
            document.pcr(index).ifPresent(pcr -> recipient.put("attestationDocumentEnclavePCR" + index, Json.base64(pcr)));
        }
        return recipient;
    }
}
