package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.Page;
import dev.meridian.core.Rotation;
import dev.meridian.model.MaterialInfo;

/** The wire side of the rotation family: the reads run on the event loop, the writes on the workers. */
final class RotationHandlers {
    private RotationHandlers() {
    }

    static void register(Operations operations, Rotation rotation) {
        operations.add("EnableKeyRotation", Execution.WORKER, (caller, request) -> {
            rotation.enableKeyRotation(caller, request.string("KeyId"), request.integer("RotationPeriodInDays"));
            return Json.object();
        });
        operations.add("DisableKeyRotation", Execution.WORKER, (caller, request) -> {
            rotation.disableKeyRotation(caller, request.string("KeyId"));
            return Json.object();
        });
        operations.add("GetKeyRotationStatus", Execution.EVENT_LOOP, (caller, request) -> {
            Rotation.RotationStatus status = rotation.getKeyRotationStatus(caller, request.string("KeyId"));
            ObjectNode response = Json.object().put("KeyRotationEnabled", status.enabled()).put("KeyId", status.key().arn());
            if (status.rotationPeriodInDays() != null) {
                response.put("RotationPeriodInDays", status.rotationPeriodInDays());
            }
            if (status.nextRotationDate() != null) {
                response.put("NextRotationDate", Json.epochSeconds(status.nextRotationDate()));
            }
            if (status.onDemandRotationStartDate() != null) {
                response.put("OnDemandRotationStartDate", Json.epochSeconds(status.onDemandRotationStartDate()));
            }
            return response;
        });
        operations.add("RotateKeyOnDemand", Execution.WORKER, (caller, request) ->
                Json.object().put("KeyId", rotation.rotateKeyOnDemand(caller, request.string("KeyId")).arn()));
        operations.add("ListKeyRotations", Execution.EVENT_LOOP, (caller, request) -> {
            Page<Rotation.MaterialEntry> page = rotation.listKeyRotations(caller, request.string("KeyId"),
                    request.string("IncludeKeyMaterial"), request.integer("Limit"), request.string("Marker"));
            ArrayNode rotations = Json.objects(page.items(), RotationHandlers::entry);
            ObjectNode response = Json.object();
            response.set("Rotations", rotations);
            if (page.truncated()) {
                response.put("NextMarker", page.nextMarker());
            }
            return response.put("Truncated", page.truncated());
        });
    }

    private static ObjectNode entry(Rotation.MaterialEntry material) {
        MaterialInfo info = material.info();
        ObjectNode entry = Json.object().put("KeyId", material.key().arn()).put("KeyMaterialId", info.keyMaterialId());
        if (material.imported()) {
            if (info.description() != null) {
                entry.put("KeyMaterialDescription", info.description());
            }
            entry.put("ImportState", material.held() ? "IMPORTED" : "PENDING_IMPORT");
            if (material.held()) {
                entry.put("ExpirationModel", info.validTo() == null ? "KEY_MATERIAL_DOES_NOT_EXPIRE" : "KEY_MATERIAL_EXPIRES");
            }
            if (material.held() && info.validTo() != null) {
                entry.put("ValidTo", Json.epochSeconds(info.validTo()));
            }
        }
        entry.put("KeyMaterialState", material.state());
        if (info.rotationType() != null) {
            entry.put("RotationDate", Json.epochSeconds(info.createdAt()));
            entry.put("RotationType", info.rotationType().name());
        }
        return entry;
    }
}
