package dev.meridian.policy;

import dev.meridian.policy.PrincipalSet.Caller;
import dev.meridian.policy.PrincipalSet.Match;
import java.util.List;

/**
 * One parsed statement of a policy. Immutable.
 *
 * @param sid its {@code Sid}, or null
 * @param allow whether its effect is {@code Allow} (else {@code Deny})
 * @param principals the principals of its {@code Principal} or {@code NotPrincipal}; null in an identity policy
 * @param notPrincipal whether {@code principals} came from {@code NotPrincipal}
 * @param actions the patterns of its {@code Action} or {@code NotAction} (letter case ignored)
 * @param notAction whether {@code actions} came from {@code NotAction}
 * @param resources the patterns of its {@code Resource} or {@code NotResource} ({@link Wildcard}s, or
 *     {@link PolicyText}s with variables); null when it has neither (it then applies to every resource)
 * @param notResource whether {@code resources} came from {@code NotResource}
 * @param conditions its conditions, all of which must hold
 */
record Statement(String sid, boolean allow, PrincipalSet principals, boolean notPrincipal, List<Wildcard> actions,
        boolean notAction, List<Object> resources, boolean notResource, List<Condition> conditions) {

    /** How the caller matches the statement's principal element ({@link Match#PRINCIPAL} when it has none). */
    Match principalMatch(Caller caller) {
        if (principals == null) {
            return Match.PRINCIPAL;
        }
        if (notPrincipal) {
            return principals.excludes(caller) ? Match.NONE : Match.PRINCIPAL;
        }
        return principals.match(caller);
    }

    boolean actionMatches(String action) {
        for (Wildcard pattern : actions) {
            if (pattern.matches(action)) {
                return !notAction;
            }
        }
        return notAction;
    }

    /** Whether the statement applies to {@code resource}; null stands for any resource (the lockout check). */
    boolean resourceMatches(String resource, AccessRequest request) {
        if (resources == null || resource == null) {
            return true;
        }
        for (Object pattern : resources) {
            if (pattern instanceof Wildcard wildcard ? wildcard.matches(resource) : resolvedMatches((PolicyText) pattern,
                    resource, request)) {
                return !notResource;
            }
        }
        return notResource;
    }

    private static boolean resolvedMatches(PolicyText text, String resource, AccessRequest request) {
        int[] pattern = request == null ? null : text.resolvePattern(request);
        return pattern != null && Wildcard.ofCodePoints(text.text(), pattern, false).matches(resource);
    }

    boolean conditionsHold(AccessRequest request) {
        for (Condition condition : conditions) {
            if (!condition.matches(request)) {
                return false;
            }
        }
        return true;
    }
}
