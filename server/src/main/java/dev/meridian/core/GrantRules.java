package dev.meridian.core;

import dev.meridian.model.Grant;
import dev.meridian.model.KeyRecord;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * What CreateGrant accepts, with AWS's errors: the principals, the operations a key of its type supports,
 * the constraints, and the key states that allow new grants.
 */
final class GrantRules {
    static final int MAXIMUM_CONSTRAINT_PAIRS = 8;
    static final int MAXIMUM_CONSTRAINT_VALUE_LENGTH = 384;

    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws(-cn|-us-gov)?:(iam::\\d{12}:(root|user/.+|role/.+)"
            + "|sts::\\d{12}:(assumed-role/[^/]+/.+|federated-user/.+))|[a-z0-9][a-z0-9.-]*\\.amazonaws\\.com(\\.cn)?");

    private GrantRules() {
    }

    /** The checks that need no key: principals, the list of operations, the (normalized) constraints. */
    static void checkRequest(CreateGrantRequest request, Grant.Constraints constraints) {
        if (request.granteePrincipal() == null && request.granteeServicePrincipal() == null) {
            throw KmsException.validation("1 validation error detected: Value null at 'granteePrincipal' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        if (request.granteePrincipal() != null && request.granteeServicePrincipal() != null) {
            throw KmsException.validation("You cannot specify both GranteePrincipal and GranteeServicePrincipal.");
        }
        if (request.retiringPrincipal() != null && request.retiringServicePrincipal() != null) {
            throw KmsException.validation("You cannot specify both RetiringPrincipal and RetiringServicePrincipal.");
        }
        checkPrincipal(request.granteePrincipal());
        checkPrincipal(request.retiringPrincipal());
        List<String> operations = request.operations();
        if (operations.isEmpty()) {
            throw KmsException.validation("1 validation error detected: Value '[]' at 'operations' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        if (operations.stream().allMatch("CreateGrant"::equals)) {
            throw KmsException.validation("Grants must not contain only the CreateGrant operation.");
        }
        if (constraints.encryptionContextEquals() != null
                && constraints.encryptionContextSubset() != null) {
            throw KmsException.validation("A grant constraint can have EncryptionContextEquals or"
                    + " EncryptionContextSubset, not both.");
        }
        checkContext(constraints.encryptionContextEquals());
        checkContext(constraints.encryptionContextSubset());
    }

    /**
     * A principal named by ARN (an account's root, an IAM user or role, an assumed role or federated user) or
     * a service principal; anything else is refused as AWS refuses it. Null passes (the member is optional).
     */
    private static void checkPrincipal(String principal) {
        if (principal != null && !PRINCIPAL.matcher(principal).matches()) {
            throw new KmsException(ErrorCode.INVALID_ARN, "ARN does not refer to a valid principal: " + principal);
        }
    }

    private static void checkContext(Map<String, String> context) {
        if (context == null) {
            return;
        }
        if (context.size() > MAXIMUM_CONSTRAINT_PAIRS) {
            throw KmsException.validation("A grant constraint can have at most " + MAXIMUM_CONSTRAINT_PAIRS
                    + " encryption context pairs.");
        }
        for (String value : context.values()) {
            if (value.length() > MAXIMUM_CONSTRAINT_VALUE_LENGTH) {
                throw KmsException.validation("An encryption context value in a grant constraint cannot exceed "
                        + MAXIMUM_CONSTRAINT_VALUE_LENGTH + " characters.");
            }
        }
    }

    /**
     * The checks on the key: its state allows new grants, it supports every operation of the grant
     * ({@link GrantableOperations}), and it supports an encryption context when the grant has
     * encryption-context constraints.
     */
    static void checkKey(KeyRecord key, List<String> operations, Grant.Constraints constraints) {
        KeyStateRules.CREATE_GRANT.check(key);
        Set<String> allowed = GrantableOperations.of(key.keySpec(), key.keyUsage());
        List<String> unsupported = operations.stream()
                .filter(operation -> !allowed.contains(operation)).distinct().toList();
        if (!unsupported.isEmpty()) {
            throw KmsException.validation("The grant operations " + String.join(", ", unsupported)
                    + " are not valid for " + key.arn() + " whose key spec is " + key.keySpec() + ".");
        }
        if (!GrantableOperations.takesEncryptionContextConstraints(key.keySpec(), key.keyUsage())
                && (constraints.encryptionContextEquals() != null
                || constraints.encryptionContextSubset() != null)) {
            throw KmsException.validation("Encryption context grant constraints are not valid for " + key.arn()
                    + " whose key spec is " + key.keySpec() + ".");
        }
    }
}
