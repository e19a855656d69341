package dev.meridian.wire;

import dev.meridian.core.MacOperations;
import dev.meridian.model.KeyReference;

/**
 * The wire side of GenerateMac and VerifyMac; both run on the event loop. The audit record leaves out the
 * {@code Message} and {@code Mac} blobs, as it leaves out every blob.
 */
final class MacHandlers {
    private MacHandlers() {
    }

    static void register(Operations operations, MacOperations macs) {
        operations.add("GenerateMac", Execution.EVENT_LOOP, (caller, request) -> {
            MacOperations.Mac mac = macs.generateMac(caller, request.string("KeyId"), request.blob("Message"),
                    request.string("MacAlgorithm"));
            return Json.object().put("Mac", Json.base64(mac.mac())).put("MacAlgorithm", mac.macAlgorithm())
                    .put("KeyId", mac.key().arn());
        });
        operations.add("VerifyMac", Execution.EVENT_LOOP, (caller, request) -> {
            String macAlgorithm = request.string("MacAlgorithm");
            KeyReference key = macs.verifyMac(caller, request.string("KeyId"), request.blob("Message"),
                    request.blob("Mac"), macAlgorithm);
            return Json.object().put("KeyId", key.arn()).put("MacValid", true).put("MacAlgorithm", macAlgorithm);
        });
    }
}
