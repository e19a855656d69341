package dev.meridian.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.policy.ConditionOperator.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One test of a statement's {@code Condition}: an operator, one condition key and its policy values, e.g.
 * {@code "StringEquals": {"kms:EncryptionContext:purpose": ["a", "b"]}}. The values are parsed once, as the
 * operator reads them. Semantics, as IAM's reference states them:
 * <ul>
 * <li>the request's value matches when it matches any of the policy values (they are OR-ed); a negated operator
 *     ({@code StringNotEquals}, {@code NotIpAddress}, {@code ArnNotLike}...) matches when it matches none;
 * <li>a key the request lacks (or that has no value): {@code ForAllValues:} matches, {@code ForAnyValue:} does
 *     not (with or without {@code IfExists}, which applies to each value of a set); otherwise an operator with
 *     {@code ...IfExists} or a negated one matches, any other does not; {@code Null} with
 *     {@code true} matches exactly when the key is absent, with {@code false} when it is present;
 * <li>several request values (a multivalued key): {@code ForAllValues:} matches when every value matches,
 *     {@code ForAnyValue:} when at least one does; without a qualifier, as {@code ForAnyValue:}, negated as a
 *     whole (no request value matches any policy value);
 * <li>a request value the operator cannot read (not a number, date, boolean, address, base64 or ARN) matches
 *     nothing, negated or not.
 * </ul>
 * Immutable; evaluation compiles nothing and runs in time linear in the values' lengths.
 */
final class Condition {
    /** {@code ForAnyValue:}, {@code ForAllValues:}, or neither. */
    enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    private static final String FOR_ANY_VALUE = "foranyvalue:";
    private static final String FOR_ALL_VALUES = "forallvalues:";
    private static final String IF_EXISTS = "ifexists";

    private final ConditionOperator operator;
    private final Qualifier qualifier;
    private final boolean ifExists;
    private final String key;
    private final List<Object> values;

    private Condition(ConditionOperator operator, Qualifier qualifier, boolean ifExists, String key, List<Object> values) {
        this.operator = operator;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.key = key;
        this.values = values;
    }

    /**
     * The conditions of one operator block ({@code "StringEquals": {KEY: VALUES, ...}}), one per key; they are
     * AND-ed. {@code variables}: whether the policy's version has policy variables.
     */
    static List<Condition> parseBlock(String operatorName, JsonNode block, boolean variables) {
        String lowerName = operatorName.toLowerCase(Locale.ROOT);
        Qualifier qualifier = Qualifier.NONE;
        if (lowerName.startsWith(FOR_ANY_VALUE)) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            lowerName = lowerName.substring(FOR_ANY_VALUE.length());
        } else if (lowerName.startsWith(FOR_ALL_VALUES)) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            lowerName = lowerName.substring(FOR_ALL_VALUES.length());
        }
        boolean ifExists = lowerName.endsWith(IF_EXISTS) && !lowerName.equals(IF_EXISTS);
        ConditionOperator operator = ConditionOperator.named(
                ifExists ? lowerName.substring(0, lowerName.length() - IF_EXISTS.length()) : lowerName);
        // IAM: "You can add IfExists to the end of any condition operator name except the Null condition."
        if (operator == null || (ifExists && operator == ConditionOperator.NULL)) {
            throw new MalformedPolicyException("Policy contains a statement with an unknown condition operator: "
                    + operatorName + ".");
        }
        if (!block.isObject() || block.isEmpty()) {
            throw new MalformedPolicyException("Policy contains an invalid condition block for " + operatorName + ".");
        }
        List<Condition> conditions = new ArrayList<>();
        for (var entry : block.properties()) {
            List<Object> values = new ArrayList<>();
            JsonNode node = entry.getValue();
            for (JsonNode value : node.isArray() ? node : List.of(node)) {
                if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                    throw invalidValue(operatorName, value.toString());
                }
                values.add(parseValue(operator, operatorName, value.asText(), variables));
            }
            conditions.add(new Condition(operator, qualifier, ifExists, entry.getKey().toLowerCase(Locale.ROOT),
                    List.copyOf(values)));
        }
        return conditions;
    }

    private static Object parseValue(ConditionOperator operator, String operatorName, String text, boolean variables) {
        Object value = switch (operator.kind()) {
            case STRING, STRING_IGNORING_CASE -> PolicyText.of(text, variables);
            case STRING_PATTERN -> {
                PolicyText policyText = PolicyText.of(text, variables);
                yield policyText.isConstant() ? Wildcard.exact(text) : policyText;
            }
            case ARN -> {
                PolicyText policyText = PolicyText.of(text, variables);
                yield policyText.isConstant() ? ArnPattern.of(text) : policyText;
            }
            case NUMBER -> ConditionValues.number(text);
            case DATE -> ConditionValues.date(text);
            case BOOLEAN, NULL -> ConditionValues.bool(text);
            case BINARY -> ConditionValues.binary(text);
            case IP_ADDRESS -> IpRange.parse(text);
        };
        if (value == null) {
            throw invalidValue(operatorName, text);
        }
        return value;
    }

    private static MalformedPolicyException invalidValue(String operatorName, String value) {
        return new MalformedPolicyException("Policy contains an invalid value for the condition operator "
                + operatorName + ": " + value + ".");
    }

    /** The condition key, in lower case. */
    String key() {
        return key;
    }

    /** Whether the condition holds for {@code request}. */
    boolean matches(AccessRequest request) {
        List<String> requestValues = RequestKeys.values(request, key);
        boolean absent = requestValues == null || requestValues.isEmpty();
        if (operator == ConditionOperator.NULL) {
            for (Object value : values) {
                if ((Boolean) value == absent) {
                    return true;
                }
            }
            return false;
        }
        if (absent) {
            // A set operator's IfExists applies to each value, so it changes nothing for an absent key.
            return switch (qualifier) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> false;
                case NONE -> ifExists || operator.negated();
            };
        }
        if (qualifier == Qualifier.FOR_ALL_VALUES) {
            for (String requestValue : requestValues) {
                if (!holds(requestValue, request)) {
                    return false;
                }
            }
            return true;
        }
        if (qualifier == Qualifier.FOR_ANY_VALUE || !operator.negated()) {
            for (String requestValue : requestValues) {
                if (holds(requestValue, request)) {
                    return true;
                }
            }
            return false;
        }
        for (String requestValue : requestValues) {
            if (!holds(requestValue, request)) {
                return false;
            }
        }
        return true;
    }

    /** The operator applied to one request value: readable, and matching a policy value (none, if negated). */
    private boolean holds(String requestValue, AccessRequest request) {
        Boolean matches = matchesAnyValue(requestValue, request);
        return matches != null && matches != operator.negated();
    }

    /** Whether {@code requestValue} matches any policy value; null when the operator cannot read it. */
    private Boolean matchesAnyValue(String requestValue, AccessRequest request) {
        Kind kind = operator.kind();
        switch (kind) {
            case STRING, STRING_IGNORING_CASE -> {
                for (Object value : values) {
                    String resolved = ((PolicyText) value).resolve(request);
                    if (resolved != null && (kind == Kind.STRING ? resolved.equals(requestValue)
                            : resolved.equalsIgnoreCase(requestValue))) {
                        return true;
                    }
                }
                return false;
            }
            case STRING_PATTERN -> {
                for (Object value : values) {
                    Wildcard pattern = value instanceof Wildcard wildcard ? wildcard : resolvedPattern((PolicyText) value, request);
                    if (pattern != null && pattern.matches(requestValue)) {
                        return true;
                    }
                }
                return false;
            }
            case ARN -> {
                if (!requestValue.startsWith("arn:")) {
                    return null;
                }
                for (Object value : values) {
                    ArnPattern pattern = value instanceof ArnPattern arn ? arn : resolvedArn((PolicyText) value, request);
                    if (pattern != null && pattern.matches(requestValue)) {
                        return true;
                    }
                }
                return false;
            }
            case NUMBER -> {
                BigDecimal number = ConditionValues.number(requestValue);
                return number == null ? null : compareAny(number);
            }
            case DATE -> {
                Instant date = ConditionValues.date(requestValue);
                return date == null ? null : compareAny(date);
            }
            case BOOLEAN -> {
                Boolean bool = ConditionValues.bool(requestValue);
                return bool == null ? null : values.contains(bool);
            }
            case BINARY -> {
                byte[] bytes = ConditionValues.binary(requestValue);
                if (bytes == null) {
                    return null;
                }
                for (Object value : values) {
                    if (Arrays.equals((byte[]) value, bytes)) {
                        return true;
                    }
                }
                return false;
            }
            case IP_ADDRESS -> {
                byte[] address = IpRange.address(requestValue);
                if (address == null) {
                    return null;
                }
                for (Object value : values) {
                    if (((IpRange) value).contains(address)) {
                        return true;
                    }
                }
                return false;
            }
            default -> throw new IllegalStateException("Null is evaluated on its own");
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends Comparable<T>> boolean compareAny(T requestValue) {
        for (Object value : values) {
            if (operator.comparison().holds(requestValue.compareTo((T) value))) {
                return true;
            }
        }
        return false;
    }

    private static Wildcard resolvedPattern(PolicyText text, AccessRequest request) {
        int[] pattern = text.resolvePattern(request);
        return pattern == null ? null : Wildcard.ofCodePoints(text.text(), pattern, false);
    }

    private static ArnPattern resolvedArn(PolicyText text, AccessRequest request) {
        int[] pattern = text.resolvePattern(request);
        return pattern == null ? null : ArnPattern.of(text.text(), pattern);
    }
}
