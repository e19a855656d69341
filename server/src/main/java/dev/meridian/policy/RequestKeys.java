package dev.meridian.policy;

import dev.meridian.model.Principal;
import java.util.List;
import java.util.Locale;

/**
 * The values of condition keys and policy variables for one request: those of its {@link ConditionContext}, and,
 * for the keys that describe the caller, values taken from its {@link Principal} when the context lacks them:
 * <ul>
 * <li>{@code aws:PrincipalArn}: the principal's ARN; for a role's session, the role's ARN (its issuer), as IAM;
 * <li>{@code aws:PrincipalAccount} and {@code kms:CallerAccount}: the principal's account;
 * <li>{@code aws:PrincipalType}: {@code Account} (root), {@code User}, {@code AssumedRole};
 * <li>{@code aws:userid}: the principal's unique ID ({@link Principal#principalId()});
 * <li>{@code aws:username}: an IAM user's name (absent for other principals, as in IAM).
 * </ul>
 * A value the context has always wins. Stateless.
 */
final class RequestKeys {
    private RequestKeys() {
    }

    /** The values of {@code key} (in lower case) for {@code request}, or null when it has none. */
    static List<String> values(AccessRequest request, String key) {
        List<String> values = request.conditions().values(key);
        if (values != null) {
            return values;
        }
        String derived = principalValue(request.principal(), key);
        return derived == null ? null : List.of(derived);
    }

    /** The single value of {@code key} (any case) for a policy variable, or null when it has none or several. */
    static String variable(AccessRequest request, String key) {
        List<String> values = values(request, key.toLowerCase(Locale.ROOT));
        return values != null && values.size() == 1 ? values.get(0) : null;
    }

    private static String principalValue(Principal principal, String key) {
        return switch (key) {
            case "aws:principalarn" -> principal.sessionIssuerArn() != null ? principal.sessionIssuerArn()
                    : principal.type() == dev.meridian.model.PrincipalType.AWS_SERVICE ? null : principal.arn();
            case "aws:principalaccount", "kms:calleraccount" ->
                principal.type() == dev.meridian.model.PrincipalType.AWS_SERVICE ? null : principal.account().value();
            case "aws:principaltype" -> switch (principal.type()) {
                case ROOT -> "Account";
                case IAM_USER -> "User";
                case ASSUMED_ROLE -> "AssumedRole";
                case AWS_SERVICE -> null;
            };
            case "aws:userid" -> principal.principalId();
            case "aws:username" -> principal.type() == dev.meridian.model.PrincipalType.IAM_USER ? principal.name() : null;
            default -> null;
        };
    }
}
