package dev.meridian.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.KeyPolicyOperations;
import dev.meridian.core.Page;

/** The wire side of the key policy family. */
final class PolicyHandlers {
    private PolicyHandlers() {
    }

    static void register(Operations operations, KeyPolicyOperations policies) {
        operations.add("GetKeyPolicy", Execution.EVENT_LOOP, (caller, request) -> Json.object()
                .put("Policy", policies.getKeyPolicy(caller, request.string("KeyId"), request.string("PolicyName")))
                .put("PolicyName", "default"));
        operations.add("PutKeyPolicy", Execution.WORKER, (caller, request) -> {
            policies.putKeyPolicy(caller, request.string("KeyId"), request.string("PolicyName"), request.string("Policy"),
                    request.flag("BypassPolicyLockoutSafetyCheck"));
            return Json.object();
        });
        operations.add("ListKeyPolicies", Execution.EVENT_LOOP, (caller, request) -> {
            Page<String> page = policies.listKeyPolicies(caller, request.string("KeyId"), request.integer("Limit"),
                    request.string("Marker"));
            ObjectNode response = Json.object();
            response.set("PolicyNames", Json.strings(page.items()));
            return Pages.finish(response, page);
        });
    }
}
