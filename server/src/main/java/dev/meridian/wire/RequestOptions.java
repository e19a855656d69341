package dev.meridian.wire;

import dev.meridian.core.DryRun;
import dev.meridian.core.Grants;
import dev.meridian.wire.model.OperationModel;
import dev.meridian.wire.model.ServiceModel;

/**
 * The request members that many operations share, handled once for all of them: {@code GrantTokens}
 * (each token must be one Meridian issued) and {@code DryRun} (every check, no effect, then
 * {@code DryRunOperationException}). Which operations have them comes from the service model, so an
 * operation implemented later gets both without further code.
 */
final class RequestOptions {
    private RequestOptions() {
    }

    /** Wraps every registered operation whose input has {@code GrantTokens} or {@code DryRun}; call it last. */
    static void apply(Operations operations, ServiceModel model, Grants grants) {
        for (OperationModel operation : model.operations()) {
            boolean grantTokens = operation.inputShape().member("GrantTokens").isPresent();
            boolean dryRun = operation.inputShape().member("DryRun").isPresent();
            if (grantTokens || dryRun) {
                operations.decorate(operation.name(), inner -> (caller, request) -> {
                    if (grantTokens && request.has("GrantTokens")) {
                        grants.checkGrantTokens(request.strings("GrantTokens"));
                    }
                    if (dryRun && request.flag("DryRun")) {
                        return DryRun.run(() -> inner.invoke(caller, request));
                    }
                    return inner.invoke(caller, request);
                });
            }
        }
    }
}
