package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.CreateKeyRequest;
import dev.meridian.core.KeyLifecycle;
import dev.meridian.core.Page;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeyUsage;

/** The wire side of the key lifecycle family. */
final class KeyLifecycleHandlers {
    private KeyLifecycleHandlers() {
    }

    static void register(Operations operations, KeyLifecycle lifecycle) {
        operations.add("CreateKey", Execution.WORKER, (caller, request) -> {
            String usage = request.string("KeyUsage");
            String origin = request.string("Origin");
            CreateKeyRequest create = new CreateKeyRequest(request.string("Policy"), request.string("Description"),
                    usage == null ? null : KeyUsage.valueOf(usage),
                    request.has("KeySpec") ? request.string("KeySpec") : request.string("CustomerMasterKeySpec"),
                    origin == null ? null : KeyOrigin.valueOf(origin), request.flag("MultiRegion"),
                    request.tags("Tags"), request.flag("BypassPolicyLockoutSafetyCheck"),
                    request.string("CustomKeyStoreId"));
            return keyMetadata(lifecycle.createKey(caller, create));
        });
        operations.add("DescribeKey", Execution.EVENT_LOOP,
                (caller, request) -> keyMetadata(lifecycle.describeKey(caller, request.string("KeyId"))));
        operations.add("ListKeys", Execution.EVENT_LOOP, (caller, request) -> {
            Page<KeyReference> page = lifecycle.listKeys(caller, request.integer("Limit"), request.string("Marker"));
            ObjectNode response = Json.object();
            response.set("Keys", Json.objects(page.items(),
                    key -> Json.object().put("KeyId", key.keyId().value()).put("KeyArn", key.arn())));
            return Pages.finish(response, page);
        });
        operations.add("EnableKey", Execution.WORKER, (caller, request) -> {
            lifecycle.enableKey(caller, request.string("KeyId"));
            return Json.object();
        });
        operations.add("DisableKey", Execution.WORKER, (caller, request) -> {
            lifecycle.disableKey(caller, request.string("KeyId"));
            return Json.object();
        });
        operations.add("UpdateKeyDescription", Execution.WORKER, (caller, request) -> {
            lifecycle.updateKeyDescription(caller, request.string("KeyId"), request.string("Description"));
            return Json.object();
        });
        operations.add("ScheduleKeyDeletion", Execution.WORKER, (caller, request) -> {
            KeyRecord key = lifecycle.scheduleKeyDeletion(caller, request.string("KeyId"),
                    request.integer("PendingWindowInDays"));
            ObjectNode response = Json.object().put("KeyId", key.arn());
            if (key.deletionDate() != null) {
                response.put("DeletionDate", Json.epochSeconds(key.deletionDate()));
            }
            return response.put("KeyState", key.state().name())
                    .put("PendingWindowInDays", key.pendingDeletionWindowInDays());
        });
        operations.add("CancelKeyDeletion", Execution.WORKER, (caller, request) -> Json.object()
                .put("KeyId", lifecycle.cancelKeyDeletion(caller, request.string("KeyId")).arn()));
    }

    static ObjectNode keyMetadata(dev.meridian.core.KeyView view) {
        ObjectNode response = Json.object();
        response.set("KeyMetadata", KeyMetadataWriter.write(view));
        return response;
    }
}
