package dev.meridian.wire;

import dev.meridian.core.SigningOperations;
import dev.meridian.crypto.MessageType;
import dev.meridian.model.KeyReference;

/**
 * The wire side of Sign, Verify and GetPublicKey; all run on the event loop. The audit record leaves out the
 * {@code Message} and {@code Signature} blobs, as it leaves out every blob.
 */
final class SigningHandlers {
    private SigningHandlers() {
    }

    static void register(Operations operations, SigningOperations signing) {
        operations.add("Sign", Execution.EVENT_LOOP, (caller, request) -> {
            SigningOperations.Signed signed = signing.sign(caller, request.string("KeyId"), request.blob("Message"),
                    messageType(request), request.string("SigningAlgorithm"));
            return Json.object().put("KeyId", signed.key().arn()).put("Signature", Json.base64(signed.signature()))
                    .put("SigningAlgorithm", signed.signingAlgorithm());
        });
        operations.add("Verify", Execution.EVENT_LOOP, (caller, request) -> {
            String signingAlgorithm = request.string("SigningAlgorithm");
            KeyReference key = signing.verify(caller, request.string("KeyId"), request.blob("Message"),
                    messageType(request), request.blob("Signature"), signingAlgorithm);
            return Json.object().put("KeyId", key.arn()).put("SignatureValid", true)
                    .put("SigningAlgorithm", signingAlgorithm);
        });
        operations.add("GetPublicKey", Execution.EVENT_LOOP, (caller, request) -> {
            SigningOperations.PublicKey publicKey = signing.publicKey(caller, request.string("KeyId"));
            var key = publicKey.key();
            return Json.object().put("KeyId", key.arn()).put("PublicKey", Json.base64(publicKey.publicKeyInfo()))
                    .put("CustomerMasterKeySpec", key.keySpec().name()).put("KeySpec", key.keySpec().name())
                    .put("KeyUsage", key.keyUsage().name())
                    .set(KeyMetadataWriter.algorithmsMember(key.keyUsage()),
                            Json.strings(key.keySpec().algorithms(key.keyUsage())));
        });
    }

    /** The request's {@code MessageType} (the model has checked its value); {@code RAW} when absent. */
    private static MessageType messageType(WireRequest request) {
        return request.has("MessageType") ? MessageType.valueOf(request.string("MessageType")) : MessageType.RAW;
    }
}
