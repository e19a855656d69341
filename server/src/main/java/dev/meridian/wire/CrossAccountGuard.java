package dev.meridian.wire;

import dev.meridian.core.KeyManagementService;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;
import java.util.List;

/**
 * Refuses another account's key named by ARN, once for every operation: each registered operation whose input
 * names a key ({@code KeyId}, {@code TargetKeyId}, {@code SourceKeyId}, {@code DestinationKeyId}) first asks
 * {@link KeyManagementService#checkAccountAccess} for each of them, with the action the member needs
 * ({@code kms:ReEncryptFrom} and {@code kms:ReEncryptTo} for ReEncrypt's). Which operations name a key comes
 * from the service model, so an operation implemented later is covered without further code.
 */
final class CrossAccountGuard {
    private static final List<String> KEY_MEMBERS = List.of("KeyId", "TargetKeyId", "SourceKeyId", "DestinationKeyId");

    private CrossAccountGuard() {
    }

    /** Wraps the operations that name a key; call it after every family has registered. */
    static void apply(Operations operations, ServiceModel model, KeyManagementService service) {
        for (OperationModel operation : model.operations()) {
            String name = operation.name();
            List<String> members = KEY_MEMBERS.stream().filter(member -> operation.inputShape().member(member).isPresent())
                    .toList();
            if (members.isEmpty()) {
                continue;
            }
            operations.decorate(name, inner -> (caller, request) -> {
                for (String member : members) {
                    service.checkAccountAccess(caller, action(name, member), request.string(member));
                }
                return inner.invoke(caller, request);
            });
        }
    }

    private static String action(String operation, String member) {
        if (operation.equals("ReEncrypt")) {
            return member.equals("SourceKeyId") ? "ReEncryptFrom" : "ReEncryptTo";
        }
        return operation;
    }
}
