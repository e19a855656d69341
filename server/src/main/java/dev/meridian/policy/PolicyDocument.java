package dev.meridian.policy;

import dev.meridian.model.Principal;
import dev.meridian.policy.PrincipalSet.Caller;
import dev.meridian.policy.PrincipalSet.Match;
import java.util.List;

/**
 * A parsed policy of the IAM policy language, of one of three kinds ({@link Kind}): a key policy, an identity
 * (IAM) policy or a role's trust policy. Parsed once, into an immutable model; evaluated against
 * {@link AccessRequest}s with IAM's semantics for {@code Effect}, {@code Principal}/{@code NotPrincipal}
 * ({@link PrincipalSet}), {@code Action}/{@code NotAction} (wildcards, any letter case),
 * {@code Resource}/{@code NotResource} (wildcards, letter case significant; absent in a key policy, or {@code *},
 * means the key itself), {@code Condition} (every IAM operator, see {@link Condition}) and policy variables in
 * resources and condition values (version {@code 2012-10-17} only; see {@link PolicyText}).
 *
 * <p>The {@link ConditionContext} contract: condition keys are looked up without regard to letter case, the name
 * part of {@code kms:EncryptionContext:NAME} included (KMS: "The key name is not case sensitive"); values compare
 * with regard to case but for the {@code ...IgnoreCase} operators. The core puts each encryption context pair as
 * {@code kms:EncryptionContext:NAME} with its value, and the pairs' names, as given, in
 * {@code kms:EncryptionContextKeys}. The caller's keys ({@code aws:PrincipalArn}, {@code aws:PrincipalAccount},
 * {@code kms:CallerAccount}, {@code aws:PrincipalType}, {@code aws:userid}, {@code aws:username}) are derived from
 * the request's principal when the context lacks them ({@link RequestKeys}).
 *
 * <p>Guarantees: parsing and evaluation take time linear in the policy's length times the request's values'
 * lengths; wildcards are {@link Wildcard}s, never regular expressions; evaluation compiles nothing but the patterns
 * of texts with policy variables, and never throws for a parsed policy. Thread-safe.
 */
public final class PolicyDocument {
    /** The kinds of policy, which differ in the elements they must or must not have. */
    public enum Kind {
        /** A key policy: every statement names a {@code Principal} (or {@code NotPrincipal}). */
        KEY,
        /** An identity-based policy of a user or role: no principal; every statement has a {@code Resource}. */
        IDENTITY,
        /** A role's trust policy: a principal, {@code sts:} actions only, no resource. */
        TRUST
    }

    private final Kind kind;
    private final String version;
    private final List<Statement> statements;
    private final boolean readsRequestContext;

    private PolicyDocument(Kind kind, PolicyParser.Parsed parsed) {
        this.kind = kind;
        this.version = parsed.version();
        this.statements = parsed.statements();
        this.readsRequestContext = statements.stream().anyMatch(PolicyDocument::readsRequestContext);
    }

    private static boolean readsRequestContext(Statement statement) {
        return !statement.conditions().isEmpty()
                || statement.resources() != null && statement.resources().stream().anyMatch(PolicyText.class::isInstance);
    }

    /** The policy every key gets when none is given: the account's root may do everything. */
    public static String defaultPolicy(String partition, String account) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:" + partition + ":iam::" + account + ":root\"\n    },\n"
                + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    /** Parses a key policy; {@link MalformedPolicyException} when it is not a valid one. */
    public static PolicyDocument parse(String text) {
        return new PolicyDocument(Kind.KEY, PolicyParser.parse(text, Kind.KEY));
    }

    /** Parses an identity-based (IAM) policy: no {@code Principal}, a {@code Resource} in every statement. */
    public static PolicyDocument parseIdentityPolicy(String text) {
        return new PolicyDocument(Kind.IDENTITY, PolicyParser.parse(text, Kind.IDENTITY));
    }

    /** Parses a role's trust policy: a {@code Principal}, {@code sts:} actions, no {@code Resource}. */
    public static PolicyDocument parseTrustPolicy(String text) {
        return new PolicyDocument(Kind.TRUST, PolicyParser.parse(text, Kind.TRUST));
    }

    public Kind kind() {
        return kind;
    }

    /** The policy's {@code Version} ({@code 2012-10-17} or {@code 2008-10-17}), or null when it has none. */
    public String version() {
        return version;
    }

    /**
     * Whether evaluating this policy may read the request's {@link ConditionContext}: true when a statement has a
     * {@code Condition} or a resource with a policy variable. When false, the policy's decisions are the same for
     * any context, {@link ConditionContext#EMPTY} included (the caller's own keys, which the evaluator derives from
     * the principal, are not read either), so a caller may skip building one.
     */
    public boolean readsRequestContext() {
        return readsRequestContext;
    }

    /**
     * What this policy says of {@code request}: {@link Decision#EXPLICITLY_DENIED} when a {@code Deny} statement
     * matches it, else {@link Decision#ALLOWED} when an {@code Allow} statement does, else
     * {@link Decision#NOT_ALLOWED}. A statement matches when its principal (if the policy kind has one), action,
     * resource and conditions all match the request. Never throws for a parsed policy.
     */
    public Decision evaluate(AccessRequest request) {
        return evaluation(request).decision();
    }

    /**
     * {@link #evaluate}, telling also whether an allow names the caller only through its account
     * ({@link Evaluation#allowedOnlyThroughAccount()}), for the core to require an identity policy's allow then.
     */
    public Evaluation evaluation(AccessRequest request) {
        return evaluate(Caller.of(request.principal()), request.action(), request.resource(), request);
    }

    /** {@link #allows(String, String, String)} for {@code principal} (a role's session matches its role's ARN too). */
    public boolean allows(Principal principal, String action) {
        return evaluate(Caller.of(principal), action, null, null).allowed();
    }

    /**
     * Whether an unconditional statement allows {@code principalArn} (of {@code account}) the {@code action}
     * (e.g. {@code kms:PutKeyPolicy}; actions match in any letter case, as in IAM) on any resource, and no
     * statement denies it, a {@code Deny} with conditions counting as matching: the cautious reading of a policy
     * used without a request (the lockout check). A principal matches its own ARN, its account's root
     * ({@code arn:...:iam::<account>:root} or the bare account ID), or {@code *}.
     */
    public boolean allows(String principalArn, String account, String action) {
        return evaluate(new Caller(null, principalArn, account, null, null), action, null, null).allowed();
    }

    /** The evaluation; {@code request} null: conditions unknown, {@code resource} null: any resource. */
    private Evaluation evaluate(Caller caller, String action, String resource, AccessRequest request) {
        boolean allowedByPrincipal = false;
        boolean allowedByAccount = false;
        for (Statement statement : statements) {
            if (!statement.actionMatches(action)) {
                continue;
            }
            Match match = statement.principalMatch(caller);
            if (match == Match.NONE || !statement.resourceMatches(resource, request)) {
                continue;
            }
            if (request == null ? !statement.allow() || statement.conditions().isEmpty()
                    : statement.conditionsHold(request)) {
                if (!statement.allow()) {
                    return Evaluation.EXPLICITLY_DENIED;
                }
                allowedByPrincipal |= match == Match.PRINCIPAL;
                allowedByAccount |= match == Match.ACCOUNT;
            }
        }
        if (allowedByPrincipal) {
            return Evaluation.ALLOWED;
        }
        return allowedByAccount ? Evaluation.ALLOWED_THROUGH_ACCOUNT : Evaluation.NOT_ALLOWED;
    }
}
