package dev.meridian.policy;

import dev.meridian.model.Principal;
import java.util.List;

/**
 * The identity-based (IAM) policies attached to a principal: a user's policies, a role's policies for its
 * sessions. The root user has none (it needs none: IAM allows the root everything its account's resource
 * policies let the account do). Implementations are thread-safe and answer from memory, without I/O.
 */
@FunctionalInterface
public interface IdentityPolicies {
    /** No principal has identity policies (development mode, or a server without an identity file). */
    IdentityPolicies NONE = principal -> List.of();

    /** The policies of {@code principal}, parsed once; empty when it has none or is unknown. */
    List<PolicyDocument> of(Principal principal);
}
