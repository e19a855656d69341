package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.MultiRegion;
import dev.meridian.core.ReplicateKeyRequest;
import dev.meridian.core.ReplicateKeyResult;

/** The wire side of the multi-Region family. */
final class MultiRegionHandlers {
    private MultiRegionHandlers() {
    }

    static void register(Operations operations, MultiRegion multiRegion) {
        operations.add("ReplicateKey", Execution.WORKER, (caller, request) -> {
            ReplicateKeyResult result = multiRegion.replicateKey(caller, new ReplicateKeyRequest(request.string("KeyId"),
                    request.string("ReplicaRegion"), request.string("Policy"),
                    request.flag("BypassPolicyLockoutSafetyCheck"), request.string("Description"), request.tags("Tags")));
            ObjectNode response = Json.object();
            response.set("ReplicaKeyMetadata", KeyMetadataWriter.write(result.replica()));
            response.put("ReplicaPolicy", result.policy());
            if (result.tags() != null) {
                response.set("ReplicaTags", TagHandlers.tags(result.tags()));
            }
            return response;
        });
        operations.add("UpdatePrimaryRegion", Execution.WORKER, (caller, request) -> {
            multiRegion.updatePrimaryRegion(caller, request.string("KeyId"), request.string("PrimaryRegion"));
            return Json.object();
        });
    }
}
