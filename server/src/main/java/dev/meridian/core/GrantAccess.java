package dev.meridian.core;

import dev.meridian.model.Grant;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.Principal;
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
     * A grant that allows CreateGrant lets its grantee grant only operations it holds itself (AWS: "the grantee
     * can create grants ... only for the operations in the grant"): the new grant's {@code kms:GrantOperations}
     * must be among the grant's.
     */
    private static boolean delegatesNoMore(Grant grant, Access access) {
        if (!access.operation().equals("CreateGrant")) {
            return true;
        }
        java.util.List<String> requested = access.requestConditions().values("kms:GrantOperations");
        return requested == null || grant.operations().containsAll(requested);
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
