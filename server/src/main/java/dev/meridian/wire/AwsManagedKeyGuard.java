package dev.meridian.wire;

import dev.meridian.core.AwsManagedKeys;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;

/**
 * Keeps AWS managed keys unchanged, once for every operation: each registered operation that the core
 * {@linkplain AwsManagedKeys#guards guards} and that names its key (in {@code KeyId}, or {@code TargetKeyId} for
 * the alias operations) first asks {@link AwsManagedKeys#checkDirectAccess}, which answers AWS's
 * {@code AccessDeniedException} for an AWS managed key whose policy does not allow the operation. Which operations
 * name a key comes from the service model, so an operation implemented later is guarded without further code.
 */
final class AwsManagedKeyGuard {
    private AwsManagedKeyGuard() {
    }

    /** Wraps the guarded operations; call it after every family has registered. */
    static void apply(Operations operations, ServiceModel model, AwsManagedKeys awsManagedKeys) {
        for (OperationModel operation : model.operations()) {
            String name = operation.name();
            String keyMember = operation.inputShape().member("KeyId").isPresent() ? "KeyId"
                    : operation.inputShape().member("TargetKeyId").isPresent() ? "TargetKeyId" : null;
            if (keyMember != null && AwsManagedKeys.guards(name)) {
                operations.decorate(name, inner -> (caller, request) -> {
                    awsManagedKeys.checkDirectAccess(caller, name, request.string(keyMember));
                    return inner.invoke(caller, request);
                });
            }
        }
    }
}
