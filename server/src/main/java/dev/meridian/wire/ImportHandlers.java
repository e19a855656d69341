package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.ImportKeyMaterialRequest;
import dev.meridian.core.KeyImport;

/**
 * The wire side of imported key material: GetParametersForImport, ImportKeyMaterial and
 * DeleteImportedKeyMaterial. All three run on the worker pool: they generate RSA keys, decrypt with them,
 * or write the store.
 */
final class ImportHandlers {
    private ImportHandlers() {
    }

    static void register(Operations operations, KeyImport keyImport) {
        operations.add("GetParametersForImport", Execution.KEY_PAIR, (caller, request) -> {
            KeyImport.ImportParameters parameters = keyImport.getParametersForImport(caller, request.string("KeyId"),
                    request.string("WrappingAlgorithm"), request.string("WrappingKeySpec"));
            return Json.object()
                    .put("KeyId", parameters.key().arn())
                    .put("ImportToken", Json.base64(parameters.importToken()))
                    .put("PublicKey", Json.base64(parameters.publicKey()))
                    .put("ParametersValidTo", Json.epochSeconds(parameters.validTo()));
        });
        operations.add("ImportKeyMaterial", Execution.WORKER, (caller, request) -> {
            KeyImport.MaterialChange imported = keyImport.importKeyMaterial(caller, new ImportKeyMaterialRequest(
                    request.string("KeyId"), request.blob("ImportToken"), request.blob("EncryptedKeyMaterial"),
                    request.timestamp("ValidTo"), request.string("ExpirationModel"), request.string("ImportType"),
                    request.string("KeyMaterialDescription"), request.string("KeyMaterialId")));
            return materialChange(imported);
        });
        operations.add("DeleteImportedKeyMaterial", Execution.WORKER, (caller, request) -> materialChange(
                keyImport.deleteImportedKeyMaterial(caller, request.string("KeyId"), request.string("KeyMaterialId"))));
    }

    private static ObjectNode materialChange(KeyImport.MaterialChange change) {
        ObjectNode response = Json.object().put("KeyId", change.key().arn());
        if (change.keyMaterialId() != null) {
            response.put("KeyMaterialId", change.keyMaterialId());
        }
        return response;
    }
}
