package dev.meridian.core;

import dev.meridian.model.Grant;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.Principal;
import java.util.List;
import java.util.Map;

/**
 * What the grants of a key allow, as AWS decides it: a grant allows its grantee exactly the operations it lists,
 * on its key, when the request's encryption context meets the grant's constraints ({@code EncryptionContextEquals}:
 * the same pairs, no more; {@code EncryptionContextSubset}: at least those pairs), whatever the grantee's identity
 * policies say. The grantee is matched by its ARN; a grant to a role is used by the role's sessions. A grant that
 * was retired or revoked is gone from the registry, so it stops allowing at once; a grant just created is there at
 * once (Meridian's grants are immediately consistent, so a grant token only has to be valid).
 */
final class GrantAccess {
    private final KeyRegistry registry;

    GrantAccess(KeyRegistry registry) {
        this.registry = registry;
    }

    /** Whether a grant of {@code key} allows {@code principal} the access. */
    boolean allows(Principal principal, Access access, KeyRecord key) {
        for (Grant grant : registry.grantsOf(key.reference())) {
            if (isGrantee(grant.granteePrincipal(), principal) && grant.operations().contains(access.operation())
                    && meetsConstraints(grant.constraints(), access.encryptionContext())
                    && delegatesNoMore(grant, access)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A grant that allows CreateGrant lets its grantee create only grants no broader than itself (AWS's developer
     * guide, "Granting CreateGrant permission"): their operations ({@code kms:GrantOperations}) among the grant's,
     * and their constraints at least as strict as the grant's. A child of an {@code EncryptionContextSubset} grant
     * holds every pair of it, in a subset or an equals constraint; a child of an {@code EncryptionContextEquals}
     * grant has the same equals constraint. A principal allowed CreateGrant by a policy is not so limited.
     */
    private static boolean delegatesNoMore(Grant grant, Access access) {
        if (!access.operation().equals("CreateGrant")) {
            return true;
        }
        dev.meridian.policy.ConditionContext requested = access.requestConditions();
        List<String> operations = requested.values("kms:GrantOperations");
        if (operations != null && !grant.operations().containsAll(operations)) {
            return false;
        }
        return asStrict(requestedConstraintType(requested), requestedContext(requested), grant.constraints());
    }

    /** Whether a child grant's constraint (its type and context, null for none) is as strict as the parent's. */
    static boolean asStrict(String childType, Map<String, String> childContext, Grant.Constraints parent) {
        if (parent.encryptionContextEquals() != null) {
            return "EncryptionContextEquals".equals(childType) && parent.encryptionContextEquals().equals(childContext);
        }
        if (parent.encryptionContextSubset() != null) {
            return childType != null && childContext.entrySet().containsAll(parent.encryptionContextSubset().entrySet());
        }
        return true;
    }

    private static String requestedConstraintType(dev.meridian.policy.ConditionContext requested) {
        List<String> type = requested.values("kms:GrantConstraintType");
        return type == null || type.isEmpty() ? null : type.get(0);
    }

    /** The requested constraint's context, which CreateGrant's access carries as {@code kms:EncryptionContext:*}. */
    private static Map<String, String> requestedContext(dev.meridian.policy.ConditionContext requested) {
        List<String> names = requested.values("kms:EncryptionContextKeys");
        Map<String, String> context = new java.util.HashMap<>();
        if (names != null) {
            for (String name : names) {
                List<String> value = requested.values("kms:EncryptionContext:" + name);
                if (value != null && !value.isEmpty()) {
                    context.put(name, value.get(0));
                }
            }
        }
        return context;
    }

    /** Whether {@code principalArn} (a grantee or a retiring principal) names the caller or the caller's role. */
    static boolean isGrantee(String principalArn, Principal principal) {
        return principalArn != null && (principalArn.equals(principal.arn())
                || principalArn.equals(principal.sessionIssuerArn()));
    }

    /**
     * Whether a request with {@code context} (null: the operation has no encryption context) meets the
     * constraints; constraints apply only to the operations that take an encryption context.
     */
    static boolean meetsConstraints(Grant.Constraints constraints, Map<String, String> context) {
        if (context == null) {
            return true;
        }
        if (constraints.encryptionContextEquals() != null && !constraints.encryptionContextEquals().equals(context)) {
            return false;
        }
        return constraints.encryptionContextSubset() == null
                || context.entrySet().containsAll(constraints.encryptionContextSubset().entrySet());
    }
}
