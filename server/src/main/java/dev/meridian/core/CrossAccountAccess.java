package dev.meridian.core;

import dev.meridian.model.KeyReference;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.MalformedPolicyException;
import dev.meridian.policy.PolicyDocument;
import java.util.Set;

/**
 * A key of another account, named by its key ARN or alias ARN (or found from a ciphertext): usable only by
 * the operations AWS lets cross accounts, and only where the key's policy allows the caller the action. Else
 * the caller gets what AWS answers a caller of another account whose key policy does not allow it (recorded
 * 2025): {@code AccessDeniedException} {@code User: <caller> is not authorized to perform: kms:<Action> on this
 * resource because the resource does not exist in this Region, no resource-based policies allow access, or a
 * resource-based policy explicitly denies access}, the same whether the key exists or not, so that nothing of
 * another account shows. Key policies are not enforced otherwise yet: this is the one place where another
 * account's key is refused.
 */
final class CrossAccountAccess {
    /**
     * The actions of the operations whose API reference says "Cross-account use: Yes" (ReEncrypt's two keys
     * need {@code kms:ReEncryptFrom} and {@code kms:ReEncryptTo}).
     */
    static final Set<String> CROSS_ACCOUNT_ACTIONS = Set.of("CreateGrant", "Decrypt", "DeriveSharedSecret",
            "DescribeKey", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
            "GenerateDataKeyWithoutPlaintext", "GenerateMac", "GetKeyRotationStatus", "GetPublicKey", "ListGrants",
            "ReEncryptFrom", "ReEncryptTo", "RetireGrant", "RevokeGrant", "Sign", "Verify", "VerifyMac");

    private final KeyRegistry registry;
    private final boolean checksPolicy;

    /** Today's check of development mode: the key policy's unconditional statements decide. */
    CrossAccountAccess(KeyRegistry registry) {
        this(registry, true);
    }

    /**
     * A check that refuses an operation that cannot cross accounts and a key that does not exist, and, if
     * {@code checksPolicy}, a key whose policy does not allow the caller; without it (strict mode) the key's policy
     * is left to {@link AccessControl}, which evaluates it with the request's conditions and identity policies.
     */
    CrossAccountAccess(KeyRegistry registry, boolean checksPolicy) {
        this.registry = registry;
        this.checksPolicy = checksPolicy;
    }

    /**
     * Refuses the action ({@code Encrypt}, {@code ReEncryptFrom}, ...) on {@code key} when the key belongs to
     * another account than the caller's and either the action cannot cross accounts or the key (if it exists)
     * has no policy allowing it to the caller. Does nothing for a key of the caller's own account.
     */
    void check(RequestContext caller, String actionName, KeyReference key) {
        if (key.account().equals(caller.account())) {
            return;
        }
        refuseUnlessAllowed(caller, actionName, key);
    }

    /**
     * Does what {@link #check} does for {@code keyId} as the client sent it: nothing unless it is an ARN of
     * another account in the caller's Region; an alias ARN there that names no alias is refused like a key
     * the caller may not use. A malformed ARN is left to the operation, which refuses it as usual.
     */
    void check(RequestContext caller, String actionName, String keyId) {
        if (keyId == null || !keyId.startsWith("arn:")) {
            return;
        }
        String[] parts = keyId.split(":", 6);
        if (parts.length < 6 || parts[4].equals(caller.account().value()) || !parts[3].equals(caller.region().name())) {
            return;
        }
        KeyReference reference;
        try {
            reference = new KeyResolver(registry).reference(caller, keyId, KeyResolver.AliasNames.ALLOWED);
        } catch (KmsException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                return;
            }
            throw denied(caller, actionName);
        } catch (IllegalArgumentException e) {
            return;
        }
        check(caller, actionName, reference);
    }

    private void refuseUnlessAllowed(RequestContext caller, String actionName, KeyReference key) {
        String action = "kms:" + actionName;
        if (CROSS_ACCOUNT_ACTIONS.contains(actionName)) {
            KeyEntry entry = registry.findOrCatchUp(key);
            if (entry != null && (!checksPolicy || allows(entry.record().policy(), caller, action))) {
                return;
            }
        }
        throw denied(caller, actionName);
    }

    private static KmsException denied(RequestContext caller, String actionName) {
        return AccessDenied.otherAccount(caller, "kms:" + actionName);
    }

    private static boolean allows(String policy, RequestContext caller, String action) {
        try {
            return PolicyDocument.parse(policy).allows(caller.principal(), action);
        } catch (MalformedPolicyException e) {
            return false;
        }
    }
}
