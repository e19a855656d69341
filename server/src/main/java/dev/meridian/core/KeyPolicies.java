package dev.meridian.core;

import dev.meridian.model.RequestContext;
import dev.meridian.policy.MalformedPolicyException;
import dev.meridian.policy.PolicyDocument;

/** Checks a key policy before it is attached to a key. */
final class KeyPolicies {
    private KeyPolicies() {
    }

    /**
     * The ARN of the key {@code keyId} (a key ID or key ARN, as the request gave it) would have in the caller's
     * Region: the resource of the lockout safety check, before the key is resolved.
     */
    static String keyArn(RequestContext caller, String keyId) {
        int key = keyId.indexOf("key/");
        return caller.arnPrefix() + "key/" + (keyId.startsWith("arn:") && key >= 0 ? keyId.substring(key + 4) : keyId);
    }

    static String defaultPolicy(RequestContext caller) {
        return PolicyDocument.defaultPolicy(caller.region().partition().arnName(), caller.account().value());
    }

    /**
     * Returns {@code policy} when it is well-formed and, unless the caller bypasses the check, its unconditional
     * statements still let the caller change the key policy later; the default policy when {@code policy} is null.
     * For seeds, which bypass the check.
     */
    static String checked(RequestContext caller, String policy, boolean bypassLockoutSafetyCheck) {
        return checked(null, caller, policy, bypassLockoutSafetyCheck, null);
    }

    /**
     * Returns {@code policy} when it is well-formed and, unless the caller bypasses the check, still lets the
     * caller change the key policy later, as {@code control} decides it for the key {@code keyArn} (see
     * {@link AccessControl#allowsFuturePolicyUpdate}); the default policy when {@code policy} is null. A refused
     * policy is {@code MalformedPolicyDocumentException} with AWS's text.
     */
    static String checked(AccessControl control, RequestContext caller, String policy, boolean bypassLockoutSafetyCheck,
            String keyArn) {
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
        if (!bypassLockoutSafetyCheck && !(control == null ? document.allows(caller.principal(), "kms:PutKeyPolicy")
                : control.allowsFuturePolicyUpdate(caller, document, keyArn))) {
            throw new KmsException(ErrorCode.MALFORMED_POLICY_DOCUMENT,
                    "The new key policy will not allow you to update the key policy in the future.");
        }
        return policy;
    }
}
