package dev.meridian.policy;

/**
 * What one policy says of one request, with how an {@code Allow} came about. Key policies allow either a principal
 * by itself (its user, role or session ARN, a service, or {@code *}) or only its account (the account ID or
 * {@code arn:aws:iam::ACCOUNT:root}). AWS lets the first suffice alone; the second delegates to the account, whose
 * identity (IAM) policies must then allow the request too, unless the caller is the account's root.
 *
 * @param decision the decision, as {@link PolicyDocument#evaluate} gives it
 * @param allowedOnlyThroughAccount true when the decision is {@link Decision#ALLOWED} and every matching
 *     {@code Allow} statement names the caller only through its account; false otherwise (always false for
 *     identity policies, which name no principal)
 */
public record Evaluation(Decision decision, boolean allowedOnlyThroughAccount) {
    /** An {@code Allow} naming the principal itself (or everyone) matches, and no {@code Deny}. */
    public static final Evaluation ALLOWED = new Evaluation(Decision.ALLOWED, false);
    /** Only {@code Allow} statements naming the caller's account match, and no {@code Deny}. */
    public static final Evaluation ALLOWED_THROUGH_ACCOUNT = new Evaluation(Decision.ALLOWED, true);
    /** A {@code Deny} statement matches. */
    public static final Evaluation EXPLICITLY_DENIED = new Evaluation(Decision.EXPLICITLY_DENIED, false);
    /** No statement matches. */
    public static final Evaluation NOT_ALLOWED = new Evaluation(Decision.NOT_ALLOWED, false);

    public Evaluation {
        if (decision == null || (allowedOnlyThroughAccount && decision != Decision.ALLOWED)) {
            throw new IllegalArgumentException("Only an allow comes through an account");
        }
    }

    /** Whether the policy allows the request (by the principal itself or through its account). */
    public boolean allowed() {
        return decision == Decision.ALLOWED;
    }
}
