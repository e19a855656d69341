package dev.meridian.policy;

/**
 * What one policy (or a set of policies) says of one request, as IAM's evaluation logic tells the outcomes apart:
 * an explicit {@code Deny} wins over everything, an {@code Allow} allows, and a request no statement matches is
 * denied implicitly ({@link #NOT_ALLOWED}), which another policy may still allow.
 */
public enum Decision {
    /** A statement with {@code "Effect": "Allow"} matches, and none with {@code Deny}. */
    ALLOWED,
    /** A statement with {@code "Effect": "Deny"} matches: nothing else can allow the request. */
    EXPLICITLY_DENIED,
    /** No statement matches: denied unless another policy allows. */
    NOT_ALLOWED;

    /** The combination of two policies' decisions: an explicit deny wins, then an allow. */
    public Decision and(Decision other) {
        if (this == EXPLICITLY_DENIED || other == EXPLICITLY_DENIED) {
            return EXPLICITLY_DENIED;
        }
        return this == ALLOWED || other == ALLOWED ? ALLOWED : NOT_ALLOWED;
    }
}
