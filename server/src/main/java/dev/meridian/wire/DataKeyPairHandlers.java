package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.Cryptography;
import dev.meridian.core.DataKeyPairs;
import dev.meridian.crypto.RecipientSealer;
import dev.meridian.model.RequestContext;

/**
 * The wire side of GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext. Both run on the worker pool:
 * generating a pair takes milliseconds (ECC) to seconds (RSA_4096), too long for an event loop. The private key
 * in the clear leaves as {@code PrivateKeyPlaintext}, or, when the request has a {@code Recipient}
 * (GenerateDataKeyPair only, as in the model), only sealed to the attested enclave's key as
 * {@code CiphertextForRecipient}. The audit record has the {@code keyMaterialId} that encrypted the private key and,
 * from the request, {@code keyPairSpec} and {@code encryptionContext}; no blob of the response.
 */
final class DataKeyPairHandlers {
    private DataKeyPairHandlers() {
    }

    static void register(Operations operations, DataKeyPairs dataKeyPairs, Cryptography cryptography) {
        operations.add("GenerateDataKeyPair", Execution.KEY_PAIR, (caller, request) -> {
            RecipientSealer recipient = CryptographyHandlers.recipient(cryptography, request);
            DataKeyPairs.DataKeyPair pair = generate(dataKeyPairs, CryptographyHandlers.attested(caller, recipient), request, true);
            ObjectNode response = Json.object().put("PrivateKeyCiphertextBlob", Json.base64(pair.privateKeyCiphertext()));
            return CryptographyHandlers.secret(response, "PrivateKeyPlaintext", pair.privateKey(), recipient)
                    .put("PublicKey", Json.base64(pair.publicKey())).put("KeyId", pair.key().arn())
                    .put("KeyPairSpec", pair.keyPairSpec()).put("KeyMaterialId", pair.keyMaterialId());
        });
        operations.add("GenerateDataKeyPairWithoutPlaintext", Execution.KEY_PAIR, (caller, request) -> {
            DataKeyPairs.DataKeyPair pair = generate(dataKeyPairs, caller, request, false);
            return Json.object().put("PrivateKeyCiphertextBlob", Json.base64(pair.privateKeyCiphertext()))
                    .put("PublicKey", Json.base64(pair.publicKey())).put("KeyId", pair.key().arn())
                    .put("KeyPairSpec", pair.keyPairSpec()).put("KeyMaterialId", pair.keyMaterialId());
        });
    }

    private static DataKeyPairs.DataKeyPair generate(DataKeyPairs dataKeyPairs, RequestContext caller,
            WireRequest request, boolean withPlaintext) {
        DataKeyPairs.DataKeyPair pair = dataKeyPairs.generate(caller, request.string("KeyId"),
                request.string("KeyPairSpec"), request.stringMap("EncryptionContext"), withPlaintext);
        request.additionalEventData("keyMaterialId", pair.keyMaterialId());
        return pair;
    }
}
