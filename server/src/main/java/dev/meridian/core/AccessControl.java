package dev.meridian.core;

import dev.meridian.model.Grant;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import dev.meridian.model.RequestContext;
import dev.meridian.policy.AccessRequest;
import dev.meridian.policy.ConditionContext;
import dev.meridian.policy.Decision;
import dev.meridian.policy.Evaluation;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.policy.MalformedPolicyException;
import dev.meridian.policy.PolicyDocument;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may do what, decided once per permission a request needs, as AWS KMS decides it. Made once by
 * {@link KeyManagementService} in one of two modes:
 * <ul>
 * <li>{@link Mode#DEVELOPMENT} (no identities): nothing is enforced but another account's key, which only the
 *     operations AWS lets cross accounts may use, and only where the key policy's unconditional statements allow
 *     the caller ({@link CrossAccountAccess}), as before enforcement existed.</li>
 * <li>{@link Mode#STRICT}: every operation on a key is decided by the key policy, the caller's identity (IAM)
 *     policies and the key's grants: an explicit {@code Deny} in either policy refuses; a grant whose grantee is
 *     the caller allows its operations; a key policy that allows the caller itself (its ARN, its role's ARN or
 *     {@code *}) allows; one that allows only through the caller's account (the account ID or its root, as the
 *     default key policy does) needs an identity policy that allows too. A caller of another account needs both the
 *     key policy and its own identity policies, and an operation that can cross accounts. Operations on no key
 *     (CreateKey, ListKeys, GenerateRandom, an alias's side of alias operations) are decided by identity policies
 *     alone. An account's root user has no identity policy and needs none: IAM lets it do what its account may.</li>
 * </ul>
 * Refusals are {@code AccessDeniedException} with the texts of {@link AccessDenied}. Key policies are parsed once
 * per policy text, not per request. Thread-safe.
 */
public final class AccessControl {
    /** Whether authorization is enforced. */
    public enum Mode {
        /** Today's development mode: nothing enforced but another account's key. */
        DEVELOPMENT,
        /** Key policies, identity policies and grants enforced. */
        STRICT
    }

    /**
     * What a key policy says of a request, and whether an {@code Allow} came only through the caller's account
     * (a statement naming the account ID or its root), in which case the caller's identity policies must allow too.
     */
    record KeyPolicyDecision(Decision decision, boolean throughAccountOnly) {
    }

    private final KeyRegistry registry;
    private final Clock clock;
    private final Mode mode;
    private final IdentityPolicies identityPolicies;
    private final CrossAccountAccess crossAccountAccess;
    private final GrantAccess grants;
    private final Map<KeyReference, ParsedPolicy> keyPolicies = new ConcurrentHashMap<>();

    private record ParsedPolicy(String text, PolicyDocument document) {
    }

    AccessControl(KeyRegistry registry, Clock clock, Mode mode, IdentityPolicies identityPolicies) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.identityPolicies = Objects.requireNonNull(identityPolicies, "identityPolicies");
        this.crossAccountAccess = new CrossAccountAccess(registry, mode == Mode.DEVELOPMENT);
        this.grants = new GrantAccess(registry);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Refuses the access to {@code key} unless the caller may have it (see the class description); for every
     * operation on a key, once the key is found and before its state and usage are checked.
     */
    void authorize(RequestContext caller, Access access, KeyRecord key) {
        boolean sameAccount = key.reference().account().equals(caller.account());
        if (mode == Mode.DEVELOPMENT) {
            if (!sameAccount) {
                crossAccountAccess.check(caller, access.operation(), key.reference());
            }
            return;
        }
        if (!sameAccount && !CrossAccountAccess.CROSS_ACCOUNT_ACTIONS.contains(access.operation())) {
            throw AccessDenied.otherAccount(caller, access.action());
        }
        PolicyDocument keyPolicyDocument = keyPolicy(key);
        ConditionContext conditions = keyPolicyDocument.readsRequestContext() || identityPoliciesRead(caller.principal())
                ? conditions(caller, access, key) : ConditionContext.EMPTY;
        AccessRequest request = new AccessRequest(caller.principal(), access.action(), key.arn(), conditions);
        KeyPolicyDecision keyPolicy = keyPolicyDecision(keyPolicyDocument, request);
        Decision identity = identityDecision(request);
        if (keyPolicy.decision() == Decision.EXPLICITLY_DENIED) {
            throw sameAccount ? AccessDenied.explicitDenyInKeyPolicy(caller, access.action(), key.arn())
                    : AccessDenied.otherAccount(caller, access.action());
        }
        if (identity == Decision.EXPLICITLY_DENIED) {
            throw AccessDenied.explicitDenyInIdentityPolicy(caller, access.action(), key.arn());
        }
        if (grants.allows(caller.principal(), access, key)) {
            return;
        }
        if (keyPolicy.decision() == Decision.ALLOWED) {
            if (identity == Decision.ALLOWED || (sameAccount && !keyPolicy.throughAccountOnly())) {
                return;
            }
            throw AccessDenied.noIdentityPolicyAllows(caller, access.action(), key.arn());
        }
        if (!sameAccount) {
            throw AccessDenied.otherAccount(caller, access.action());
        }
        throw identity == Decision.ALLOWED ? AccessDenied.noKeyPolicyAllows(caller, access.action(), key.arn())
                : AccessDenied.noIdentityPolicyAllows(caller, access.action(), key.arn());
    }

    /**
     * Refuses an access decided by identity policies alone, on {@code resource}: {@code *} for an operation on no
     * key (CreateKey, ListKeys, ListAliases, GenerateRandom, ...), an alias ARN for an alias's side of CreateAlias,
     * UpdateAlias and DeleteAlias, or a key ARN in another Region (ReplicateKey's {@code kms:CreateKey}).
     */
    void authorizeByIdentity(RequestContext caller, Access access, String resource) {
        if (mode == Mode.DEVELOPMENT) {
            return;
        }
        Decision identity = identityDecision(new AccessRequest(caller.principal(), access.action(), resource,
                requestConditions(caller, access)));
        if (identity == Decision.EXPLICITLY_DENIED) {
            throw AccessDenied.explicitDenyInIdentityPolicy(caller, access.action(), resource);
        }
        if (identity != Decision.ALLOWED) {
            throw AccessDenied.noIdentityPolicyAllows(caller, access.action(), resource);
        }
    }

    /**
     * Refuses tags on a key being created (CreateKey, ReplicateKey with {@code Tags}) unless the caller's identity
     * policies allow {@code kms:TagResource}: {@code access} is that permission, with the request's tags.
     */
    void authorizeTagsOnCreation(RequestContext caller, Access access) {
        if (mode == Mode.DEVELOPMENT) {
            return;
        }
        Decision identity = identityDecision(new AccessRequest(caller.principal(), access.action(), "*",
                requestConditions(caller, access)));
        if (identity == Decision.EXPLICITLY_DENIED) {
            throw AccessDenied.explicitDenyInIdentityPolicy(caller, access.action(), "*");
        }
        if (identity != Decision.ALLOWED) {
            throw AccessDenied.noTagPermission(caller);
        }
    }

    /**
     * Refuses RetireGrant of {@code grant} unless the caller is its retiring principal, its grantee with
     * {@code RetireGrant} among its operations, the root of the key's account, or has {@code kms:RetireGrant} on
     * the key by its policies (AWS: "Retiring and revoking grants"). Development mode: anyone may, as before.
     */
    void authorizeRetirement(RequestContext caller, Grant grant, KeyRecord key) {
        if (mode == Mode.DEVELOPMENT) {
            return;
        }
        Principal principal = caller.principal();
        if (GrantAccess.isGrantee(grant.retiringPrincipal(), principal)
                || (GrantAccess.isGrantee(grant.granteePrincipal(), principal) && grant.operations().contains("RetireGrant"))
                || (principal.type() == PrincipalType.ROOT && principal.account().equals(key.reference().account()))) {
            return;
        }
        authorize(caller, Access.to("RetireGrant"), key);
    }

    /**
     * Whether {@code newPolicy}, once a key's policy, lets the caller call PutKeyPolicy on the key
     * ({@code keyArn}; a pattern for a key not yet made) later: the lockout safety check of CreateKey, PutKeyPolicy
     * and ReplicateKey. Development mode: the new policy's unconditional statements allow it, as before; strict
     * mode: the caller's effective permission, the new policy with the caller's identity policies.
     */
    boolean allowsFuturePolicyUpdate(RequestContext caller, PolicyDocument newPolicy, String keyArn) {
        if (mode == Mode.DEVELOPMENT) {
            return newPolicy.allows(caller.principal(), "kms:PutKeyPolicy");
        }
        Access access = Access.to("PutKeyPolicy");
        AccessRequest request = new AccessRequest(caller.principal(), access.action(), keyArn,
                ConditionKeys.forRequest(caller, clock, access));
        KeyPolicyDecision keyPolicy = keyPolicyDecision(newPolicy, request);
        Decision identity = identityDecision(request);
        return keyPolicy.decision() == Decision.ALLOWED && identity != Decision.EXPLICITLY_DENIED
                && (identity == Decision.ALLOWED || !keyPolicy.throughAccountOnly());
    }

    /**
     * Does what {@link CrossAccountAccess#check(RequestContext, String, String)} does for a key named by the
     * client's {@code KeyId}: in strict mode, only the existence of another account's key and whether the operation
     * may cross accounts; its policy is evaluated when the operation resolves the key.
     */
    void checkAccountAccess(RequestContext caller, String operation, String keyId) {
        crossAccountAccess.check(caller, operation, keyId);
    }

    /**
     * The condition context of an access to {@code key}: the caller's keys, the key's and the request's, each
     * computed when a policy reads it.
     */
    ConditionContext conditions(RequestContext caller, Access access, KeyRecord key) {
        return ConditionKeys.forKey(caller, clock, access, key, registry);
    }

    /**
     * Whether one of the caller's identity policies reads the request's condition context: when neither they nor the
     * key policy do, the context is not built (their decisions are the same without it).
     */
    private boolean identityPoliciesRead(Principal principal) {
        for (PolicyDocument policy : identityPolicies.of(principal)) {
            if (policy.readsRequestContext()) {
                return true;
            }
        }
        return false;
    }

    /** The caller's and the request's condition keys when an identity policy of the caller reads them, else none. */
    private ConditionContext requestConditions(RequestContext caller, Access access) {
        return identityPoliciesRead(caller.principal()) ? ConditionKeys.forRequest(caller, clock, access)
                : ConditionContext.EMPTY;
    }

    /**
     * The key policy's decision, and whether an Allow came only through the caller's account (a statement naming
     * the account ID or its root, not the principal, its role or {@code *}), which the policy evaluator reports.
     */
    KeyPolicyDecision keyPolicyDecision(PolicyDocument policy, AccessRequest request) {
        Evaluation evaluation = policy.evaluation(request);
        return new KeyPolicyDecision(evaluation.decision(), evaluation.allowedOnlyThroughAccount());
    }

    /**
     * What the caller's identity policies say together: an explicit deny in any wins, then an allow in any. The
     * root user is allowed whatever its account's resources allow it (it has no identity policy), unless denied.
     */
    private Decision identityDecision(AccessRequest request) {
        Decision decision = Decision.NOT_ALLOWED;
        for (PolicyDocument policy : identityPolicies.of(request.principal())) {
            decision = decision.and(policy.evaluate(request));
        }
        if (request.principal().type() == PrincipalType.ROOT && decision != Decision.EXPLICITLY_DENIED) {
            return Decision.ALLOWED;
        }
        return decision;
    }

    /** The key's policy, parsed once per text; a stored policy that does not parse allows nothing. */
    private PolicyDocument keyPolicy(KeyRecord key) {
        ParsedPolicy parsed = keyPolicies.get(key.reference());
        if (parsed != null && parsed.text().equals(key.policy())) {
            return parsed.document();
        }
        PolicyDocument document;
        try {
            document = PolicyDocument.parse(key.policy());
        } catch (MalformedPolicyException e) {
            document = PolicyDocument.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"none:none\"}}");
        }
        keyPolicies.put(key.reference(), new ParsedPolicy(key.policy(), document));
        return document;
    }
}
