package dev.meridian.core;

import dev.meridian.model.RequestContext;

/**
 * The {@code AccessDeniedException} messages of KMS, each made here and nowhere else, in the forms recorded from
 * AWS (see the evidence file on authorization): the caller's ARN, the action and the resource, and which kind of
 * policy refused. A refusal names one kind of policy only, as IAM's messages do.
 */
final class AccessDenied {
    private AccessDenied() {
    }

    /** A {@code Deny} statement of the key policy matches (recorded for KMS Decrypt, 2025). */
    static KmsException explicitDenyInKeyPolicy(RequestContext caller, String action, String resource) {
        return denied(caller, action, resource, " with an explicit deny in a resource-based policy");
    }

    /** A {@code Deny} statement of one of the caller's identity policies matches. */
    static KmsException explicitDenyInIdentityPolicy(RequestContext caller, String action, String resource) {
        return denied(caller, action, resource, " with an explicit deny in an identity-based policy");
    }

    /**
     * No identity policy allows the action where one must: the key policy lets the caller's account decide
     * (recorded 2025), or the operation is on no key ({@code on resource: *}, recorded for CreateKey), or on an alias.
     */
    static KmsException noIdentityPolicyAllows(RequestContext caller, String action, String resource) {
        return denied(caller, action, resource, " because no identity-based policy allows the " + action + " action");
    }

    /** The key policy neither allows the caller the action nor lets its account decide (wording recorded 2021-2024). */
    static KmsException noKeyPolicyAllows(RequestContext caller, String action, String resource) {
        return denied(caller, action, resource, " because no resource-based policy allows the " + action + " action");
    }

    /**
     * CreateKey or ReplicateKey with {@code Tags} by a caller whose identity policies do not allow
     * {@code kms:TagResource}: the recorded text names no resource (DataBiosphere/azul#5628).
     */
    static KmsException noTagPermission(RequestContext caller) {
        return new KmsException(ErrorCode.ACCESS_DENIED, "User: " + caller.principalArn()
                + " is not authorized to perform: kms:TagResource because no identity-based policy allows the"
                + " kms:TagResource action");
    }

    /**
     * A key of another account that the caller may not use, or that does not exist, or an operation that cannot
     * cross accounts (recorded 2025): the same text whatever the reason, so that nothing of the other account shows.
     */
    static KmsException otherAccount(RequestContext caller, String action) {
        return new KmsException(ErrorCode.ACCESS_DENIED, "User: " + caller.principalArn() + " is not authorized to"
                + " perform: " + action + " on this resource because the resource does not exist in this Region,"
                + " no resource-based policies allow access, or a resource-based policy explicitly denies access");
    }

    private static KmsException denied(RequestContext caller, String action, String resource, String reason) {
        return new KmsException(ErrorCode.ACCESS_DENIED, "User: " + caller.principalArn() + " is not authorized to"
                + " perform: " + action + " on resource: " + resource + reason);
    }
}
