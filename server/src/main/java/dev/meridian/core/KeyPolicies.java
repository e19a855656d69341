package dev.meridian.core;

import dev.meridian.model.RequestContext;
import dev.meridian.policy.MalformedPolicyException;
import dev.meridian.policy.PolicyDocument;

/** Checks a key policy before it is attached to a key. */
final class KeyPolicies {
    private KeyPolicies() {
    }

    static String defaultPolicy(RequestContext caller) {
        return PolicyDocument.defaultPolicy(caller.region().partition().arnName(), caller.account().value());
    }

    /**
     * Returns {@code policy} when it is well-formed and, unless the caller bypasses the check, still lets the
     * caller change the key policy later; the default policy when {@code policy} is null.
     */
    static String checked(RequestContext caller, String policy, boolean bypassLockoutSafetyCheck) {
        if (policy == null) {
            return defaultPolicy(caller);
        }
        PolicyDocument document;
        try {
            document = PolicyDocument.parse(policy);
        } catch (MalformedPolicyException e) {
            throw e.getMessage() == null ? KmsException.withoutMessage(ErrorCode.MALFORMED_POLICY_DOCUMENT)
                    : new KmsException(ErrorCode.MALFORMED_POLICY_DOCUMENT, e.getMessage());
        }
        if (!bypassLockoutSafetyCheck
                && !document.allows(caller.principal(), "kms:PutKeyPolicy")) {
            throw new KmsException(ErrorCode.MALFORMED_POLICY_DOCUMENT,
                    "The new key policy will not allow you to update the key policy in the future.");
        }
        return policy;
    }
}
