package dev.meridian.wire;

import dev.meridian.core.Cryptography;
import dev.meridian.core.KeyAgreementOperations;
import dev.meridian.crypto.RecipientSealer;

/**
 * The wire side of DeriveSharedSecret; it runs on the event loop (with a {@code Recipient}, on a worker, as every
 * attested request). The shared secret leaves as {@code SharedSecret}, or, when the request has a
 * {@code Recipient}, only sealed to the attested enclave's key as {@code CiphertextForRecipient}, through the same
 * path as Decrypt's plaintext ({@link CryptographyHandlers#secret}). The audit record leaves out the
 * {@code PublicKey} blob, as it leaves out every blob, and never sees the secret.
 */
final class KeyAgreementHandlers {
    private KeyAgreementHandlers() {
    }

    static void register(Operations operations, KeyAgreementOperations keyAgreement, Cryptography cryptography) {
        operations.add("DeriveSharedSecret", Execution.EVENT_LOOP, (caller, request) -> {
            RecipientSealer recipient = CryptographyHandlers.recipient(cryptography, request);
            KeyAgreementOperations.SharedSecret shared = keyAgreement.deriveSharedSecret(
                    CryptographyHandlers.attested(caller, recipient),
                    request.string("KeyId"), request.string("KeyAgreementAlgorithm"), request.blob("PublicKey"));
            return CryptographyHandlers.secret(Json.object().put("KeyId", shared.key().arn()), "SharedSecret",
                    shared.secret(), recipient).put("KeyAgreementAlgorithm", shared.keyAgreementAlgorithm())
                    .put("KeyOrigin", shared.origin().name());
        });
    }
}
