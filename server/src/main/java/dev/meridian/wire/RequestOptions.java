package dev.meridian.wire;

import dev.meridian.core.DryRun;
import dev.meridian.core.Grants;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;
import java.util.EnumSet;
import java.util.Set;

/**
 * The request members that many operations share, handled once for all of them: {@code GrantTokens}
 * (each token must be one Meridian issued) and {@code DryRun} (every check, no effect, then
 * {@code DryRunOperationException}) with its {@code DryRunModifiers}. Which operations have them comes from the service model, so an
 * operation implemented later gets both without further code.
 */
final class RequestOptions {
    private RequestOptions() {
    }

    /** The request's {@code DryRunModifiers}; the model has checked each against its enum. */
    private static Set<DryRun.Modifier> modifiers(WireRequest request) {
        if (!request.has("DryRunModifiers")) {
            return Set.of();
        }
        Set<DryRun.Modifier> modifiers = EnumSet.noneOf(DryRun.Modifier.class);
        for (String modifier : request.strings("DryRunModifiers")) {
            modifiers.add(DryRun.Modifier.valueOf(modifier));
        }
        return modifiers;
    }

    /** Wraps every registered operation whose input has {@code GrantTokens} or {@code DryRun}; call it last. */
    static void apply(Operations operations, ServiceModel model, Grants grants) {
        for (OperationModel operation : model.operations()) {
            boolean grantTokens = operation.inputShape().member("GrantTokens").isPresent();
            boolean dryRun = operation.inputShape().member("DryRun").isPresent();
            boolean dryRunModifiers = operation.inputShape().member("DryRunModifiers").isPresent();
            if (grantTokens || dryRun) {
                operations.decorate(operation.name(), inner -> (caller, request) -> {
                    if (grantTokens && request.has("GrantTokens")) {
                        grants.checkGrantTokens(request.strings("GrantTokens"));
                    }
                    if (dryRun && request.flag("DryRun")) {
                        return DryRun.run(() -> inner.invoke(caller, request),
                                dryRunModifiers ? modifiers(request) : Set.of());
                    }
                    return inner.invoke(caller, request);
                });
            }
        }
    }
}
